// wardenkit push: uploads a built policy module to an OCI registry.
import { pushPolicy } from "../../oci/push.ts";
import { readFileBytes } from "../../text-file.ts";
import type { CommandInput } from "../command.ts";
import type { PushFlags } from "../commands/push.ts";
import { printLine } from "../io.ts";

export async function run({ flags, args: [file, target], io }: CommandInput<PushFlags>): Promise<number> {
  const wasm = readFileBytes(file);
  const result = await pushPolicy(wasm, target, { insecure: flags.insecure, caFile: flags["ca-file"], force: flags.force, source: file });
  printLine(io.stdout, flags.output === "json" ? JSON.stringify(result, null, 2) : result.reference);
  return 0;
}
