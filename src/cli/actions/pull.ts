// wardenkit pull: downloads a policy module from an OCI registry into a file.
import { rename, writeFile } from "node:fs/promises";
import { pullPolicy } from "../../oci/pull.ts";
import type { CommandInput, ResultOf } from "../command.ts";
import type { PullFlags } from "../commands/pull.ts";

export async function run({ flags, args: [reference] }: CommandInput<PullFlags>): Promise<ResultOf<PullFlags>> {
  const file = flags["output-file"];
  const pulled = await pullPolicy(reference, { insecure: flags.insecure, caFile: flags["ca-file"] });
  // Written beside the target and renamed, so a failed write never leaves a partial module.
  const partial = `${file}.partial`;
  await writeFile(partial, pulled.wasm);
  await rename(partial, file);
  return { text: () => `${pulled.reference} -> ${file} (${pulled.wasm.length} bytes)` };
}
