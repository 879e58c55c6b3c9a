// wardenkit pull: downloads a policy module from an OCI registry into a file.
import { mebibytes } from "../../oci/limits.ts";
import { pullPolicyToFile } from "../../oci/pull.ts";
import type { CommandInput } from "../command.ts";
import type { PullFlags } from "../commands/pull.ts";
import { printLine } from "../io.ts";

export async function run({ flags, args: [reference], io }: CommandInput<PullFlags>): Promise<number> {
  const file = flags["output-file"];
  // Streamed into a file beside the target and renamed once verified: a failed pull leaves no partial module.
  const pulled = await pullPolicyToFile(reference, file, {
    insecure: flags.insecure, caFile: flags["ca-file"], maxModuleBytes: mebibytes(flags["max-module-size"]),
  });
  printLine(io.stdout, `${pulled.reference} -> ${file} (${pulled.size} bytes)`);
  return 0;
}
