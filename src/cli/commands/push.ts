import { defineCommand } from "../command.ts";
import { booleanFlag, outputFlag } from "../flags.ts";
import { REGISTRY_CONNECTION_FLAGS } from "./shared-flags.ts";

const flags = {
  ...REGISTRY_CONNECTION_FLAGS,
  force: booleanFlag("push even a module that is not a Kubewarden policy"),
  output: outputFlag(["text", "json"], "text"),
};
export type PushFlags = typeof flags;

export const push = defineCommand({
  name: "push",
  summary: "push a policy module to an OCI registry",
  positionals: [
    { name: "module", description: "a policy name (its build, dist/<name>.wasm) or a .wasm file" },
    { name: "reference", description: "registry://<host[:port]>/<repo>:<tag>" },
  ],
  flags,
  examples: [
    { command: "wardenkit push required-labels registry://ghcr.io/acme/policies/required-labels:v0.1.0", description: "push a policy's build, dist/required-labels.wasm" },
    { command: "wardenkit push dist/required-labels.wasm registry://localhost:5000/policies/required-labels:dev --insecure -o json", description: "to a local registry over plain HTTP, printing the digest as JSON" },
  ],
  load: () => import("../actions/push.ts"),
});
