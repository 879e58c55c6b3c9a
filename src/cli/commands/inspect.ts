import { defineCommand } from "../command.ts";
import { outputFlag } from "../flags.ts";
import { CA_FILE_FLAG, INSECURE_FLAG, MODULE_ARG } from "./shared-flags.ts";

const flags = { output: outputFlag(["text", "json"], "text"), insecure: INSECURE_FLAG, "ca-file": CA_FILE_FLAG };
export type InspectFlags = typeof flags;

export const inspect = defineCommand({
  name: "inspect",
  summary: "show a policy module's metadata, digest and size (a policy's build, a file or a registry reference)",
  positionals: [MODULE_ARG],
  flags,
  load: () => import("../actions/inspect.ts"),
});
