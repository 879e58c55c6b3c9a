// wardenkit inspect: shows the metadata, digest and size of a module file or reference.
import { formatInspectText } from "../../oci/inspect-text.ts";
import { inspectPolicy } from "../../oci/inspect.ts";
import { isJsonOutput, parseFlags, usageError } from "../flags.ts";

export const summary = "show a policy module's metadata, digest and size (file or registry)";
export const usage = "wardenkit inspect <file | registry://host/repo:tag> [-o json] [--insecure] [--ca-file <ca.pem>]";

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseFlags(args, {
    output: { type: "string", short: "o" },
    insecure: { type: "boolean" },
    "ca-file": { type: "string" },
  }, usage);
  const json = isJsonOutput(values.output, usage);
  if (positionals.length !== 1) throw usageError("expected one module file or registry reference", usage);
  const report = await inspectPolicy(positionals[0], { insecure: values.insecure, caFile: values["ca-file"] });
  console.log(json ? JSON.stringify(report, null, 2) : formatInspectText(report));
  return 0;
}
