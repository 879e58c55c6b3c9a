// wardenkit inspect: shows the metadata, digest and size of a module file or reference.
import { mebibytes } from "../../oci/limits.ts";
import { formatInspectText } from "../../oci/inspect-text.ts";
import { inspectPolicy } from "../../oci/inspect.ts";
import type { CommandInput } from "../command.ts";
import type { InspectFlags } from "../commands/inspect.ts";
import { printLine } from "../io.ts";

export async function run({ flags, args: [module], io }: CommandInput<InspectFlags>): Promise<number> {
  const report = await inspectPolicy(module, { insecure: flags.insecure, caFile: flags["ca-file"], maxModuleBytes: mebibytes(flags["max-module-size"]) });
  printLine(io.stdout, flags.output === "json" ? JSON.stringify(report, null, 2) : formatInspectText(report));
  return 0;
}
