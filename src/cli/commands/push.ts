// wardenkit push: uploads a built policy module to an OCI registry.
import { readFile } from "node:fs/promises";
import { pushPolicy } from "../../oci/push.ts";
import { CliError } from "../errors.ts";
import { isJsonOutput, parseFlags, usageError } from "../flags.ts";
import { fileErrorReason } from "../../text-file.ts";

export const summary = "push a policy module to an OCI registry";
export const usage = "wardenkit push <dist/x.wasm> registry://<host[:port]>/<repo>:<tag> [--insecure] [--ca-file <ca.pem>] [--force] [-o json]";

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseFlags(args, {
    insecure: { type: "boolean" },
    "ca-file": { type: "string" },
    force: { type: "boolean" },
    output: { type: "string", short: "o" },
  }, usage);
  const json = isJsonOutput(values.output, usage);
  if (positionals.length !== 2) throw usageError("expected a module file and a registry reference", usage);
  const [file, target] = positionals;
  const wasm = await readFile(file).catch((err: unknown) => {
    throw new CliError(`cannot read ${file}: ${fileErrorReason(err)}`);
  });
  const result = await pushPolicy(new Uint8Array(wasm), target, { insecure: values.insecure, caFile: values["ca-file"], force: values.force, source: file });
  console.log(json ? JSON.stringify(result, null, 2) : result.reference);
  return 0;
}
