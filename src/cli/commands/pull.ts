// wardenkit pull: downloads a policy module from an OCI registry into a file.
import { rename, writeFile } from "node:fs/promises";
import { pullPolicy } from "../../oci/pull.ts";
import { parseFlags, usageError } from "../flags.ts";

export const summary = "pull a policy module from an OCI registry";
export const usage = "wardenkit pull registry://<host[:port]>/<repo>:<tag> -o <file> [--insecure] [--ca-file <ca.pem>]";

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseFlags(args, {
    output: { type: "string", short: "o" },
    insecure: { type: "boolean" },
    "ca-file": { type: "string" },
  }, usage);
  if (positionals.length !== 1) throw usageError("expected one registry reference", usage);
  if (!values.output) throw usageError("missing -o <file>", usage);
  const pulled = await pullPolicy(positionals[0], { insecure: values.insecure, caFile: values["ca-file"] });
  // Written beside the target and renamed, so a failed write never leaves a partial module.
  const partial = `${values.output}.partial`;
  await writeFile(partial, pulled.wasm);
  await rename(partial, values.output);
  console.log(`${pulled.reference} -> ${values.output} (${pulled.wasm.length} bytes)`);
  return 0;
}
