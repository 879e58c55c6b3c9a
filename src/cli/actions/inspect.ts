// wardenkit inspect: shows the metadata, digest and size of a module file or reference.
import { mebibytes } from "../../oci/limits.ts";
import { formatInspectText } from "../../oci/inspect-text.ts";
import { inspectPolicy } from "../../oci/inspect.ts";
import type { CommandInput, ResultOf } from "../command.ts";
import type { InspectFlags } from "../commands/inspect.ts";

export async function run({ flags, args: [module] }: CommandInput<InspectFlags>): Promise<ResultOf<InspectFlags>> {
  const report = await inspectPolicy(module, { insecure: flags.insecure, caFile: flags["ca-file"], maxModuleBytes: mebibytes(flags["max-module-size"]) });
  return { data: () => report, text: () => formatInspectText(report) };
}
