// wardenkit inspect: shows the metadata, digest and size of a policy's build, a module file or a reference.
import { mebibytes } from "../../oci/limits.ts";
import { formatInspectText } from "../../oci/inspect-text.ts";
import { inspectPolicy } from "../../oci/inspect.ts";
import type { CommandInput, ResultOf } from "../command.ts";
import type { InspectFlags } from "../commands/inspect.ts";
import { locateModuleArg, shownLocation } from "./module-arg.ts";

export async function run({ flags, args: [module] }: CommandInput<InspectFlags>): Promise<ResultOf<InspectFlags>> {
  const report = await inspectPolicy(shownLocation(locateModuleArg(module, { kinds: ["file", "registry"] })), {
    insecure: flags.insecure, caFile: flags["ca-file"], maxModuleBytes: mebibytes(flags["max-module-size"]),
  });
  return { data: () => report, text: () => formatInspectText(report) };
}
