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
  examples: [
    { command: "wardenkit inspect dist/required-labels.wasm", description: "a built module's metadata, digest and size" },
    { command: "wardenkit inspect registry://ghcr.io/wardenkit/policies/required-labels:v0.1.0 -o json", description: "a published module, as JSON" },
    { command: "wardenkit inspect registry://localhost:5000/policies/required-labels:v0.1.0 --insecure", description: "a module in a local registry reached over plain HTTP" },
  ],
  load: () => import("../actions/inspect.ts"),
});
