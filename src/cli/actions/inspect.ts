// wardenkit inspect: shows the metadata, digest and size of a policy's build, a module file or a reference.
import { registryArgs } from "./registry-args.ts";
import { formatInspectText } from "../../oci/inspect-text.ts";
import { inspectPolicy } from "../../oci/inspect.ts";
import type { CommandInput, ResultOf } from "../command.ts";
import type { InspectFlags } from "../commands/inspect.ts";
import { locateModuleArg, shownLocation } from "./module-arg.ts";

export async function run({ flags, args: [module] }: CommandInput<InspectFlags>): Promise<ResultOf<InspectFlags>> {
  const report = await inspectPolicy(shownLocation(locateModuleArg(module, { kinds: ["file", "registry"] })), registryArgs(flags));
  return { data: () => report, text: () => formatInspectText(report) };
}
