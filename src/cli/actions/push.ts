// wardenkit push: uploads a built policy module to an OCI registry.
import { readFile } from "node:fs/promises";
import { pushPolicy } from "../../oci/push.ts";
import { fileErrorReason } from "../../io/text-file.ts";
import type { CommandInput, ResultOf } from "../command.ts";
import type { PushFlags } from "../commands/push.ts";
import { CliError } from "../errors.ts";

export async function run({ flags, args: [file, target] }: CommandInput<PushFlags>): Promise<ResultOf<PushFlags>> {
  const wasm = await readFile(file).catch((err: unknown) => {
    throw new CliError(`cannot read ${file}: ${fileErrorReason(err)}`);
  });
  const result = await pushPolicy(new Uint8Array(wasm), target, { insecure: flags.insecure, caFile: flags["ca-file"], force: flags.force, source: file });
  return { data: () => result, text: () => result.reference };
}
