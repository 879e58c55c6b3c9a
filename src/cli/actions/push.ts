// wardenkit push: uploads a policy's build, or a module file, to an OCI registry.
import { pushPolicy } from "../../oci/push.ts";
import type { CommandInput, ResultOf } from "../command.ts";
import type { PushFlags } from "../commands/push.ts";
import { printLine } from "../io.ts";
import { locateModuleArg, readModuleArg } from "./module-arg.ts";
import { registryConnection } from "./registry-args.ts";

export async function run({ flags, args: [module, target], io }: CommandInput<PushFlags>): Promise<ResultOf<PushFlags>> {
  const { bytes, shown } = await readModuleArg(locateModuleArg(module, { kinds: ["file"] }), { log: (line) => printLine(io.stderr, line) });
  const result = await pushPolicy(bytes, target, { ...registryConnection(flags), force: flags.force, source: shown });
  return { data: () => result, text: () => result.reference };
}
