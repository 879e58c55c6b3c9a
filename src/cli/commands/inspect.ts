import { defineCommand } from "../command.ts";
import { outputFlag } from "../flags.ts";
import { MODULE_ARG, REGISTRY_FLAGS } from "./shared-flags.ts";

const flags = { output: outputFlag(["text", "json"], "text"), ...REGISTRY_FLAGS };
export type InspectFlags = typeof flags;

export const inspect = defineCommand({
  name: "inspect",
  summary: "show a policy module's metadata, digest and size (a policy's build, a file or a registry reference)",
  positionals: [{ ...MODULE_ARG, description: "a policy name (its build, dist/<name>.wasm), a .wasm file or registry://host/repository:tag" }],
  flags,
  load: () => import("../actions/inspect.ts"),
});
