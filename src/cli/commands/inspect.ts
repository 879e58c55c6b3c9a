import { defineCommand } from "../command.ts";
import { outputFlag } from "../flags.ts";
import { CA_FILE_FLAG, INSECURE_FLAG, MAX_MODULE_SIZE_FLAG } from "./shared-flags.ts";

const flags = { output: outputFlag(["text", "json"], "text"), insecure: INSECURE_FLAG, "ca-file": CA_FILE_FLAG, "max-module-size": MAX_MODULE_SIZE_FLAG };
export type InspectFlags = typeof flags;

export const inspect = defineCommand({
  name: "inspect",
  summary: "show a policy module's metadata, digest and size (file or registry)",
  positionals: [{ name: "module", description: "a .wasm file or registry://host/repo:tag" }],
  flags,
  examples: [
    { command: "wardenkit inspect dist/required-labels.wasm", description: "a built module's metadata, digest and size" },
    { command: "wardenkit inspect registry://ghcr.io/wardenkit/policies/required-labels:v0.1.0 -o json", description: "a published module, as JSON" },
    { command: "wardenkit inspect registry://localhost:5000/policies/required-labels:v0.1.0 --insecure", description: "a module in a local registry reached over plain HTTP" },
  ],
  load: () => import("../actions/inspect.ts"),
});
