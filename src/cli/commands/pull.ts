import { defineCommand } from "../command.ts";
import { TRUSTED_ROOT_FLAG } from "./keyless-flags.ts";
import { requiredFlag } from "../flags.ts";
import { REGISTRY_FLAGS, VERIFICATION_CONFIG_FLAG } from "./shared-flags.ts";

const flags = {
  "output-file": requiredFlag("file", "where to write the module"),
  ...REGISTRY_FLAGS,
  "verification-config": VERIFICATION_CONFIG_FLAG,
  "trusted-root": TRUSTED_ROOT_FLAG,
};
export type PullFlags = typeof flags;

export const pull = defineCommand({
  name: "pull",
  summary: "pull a policy module from an OCI registry",
  positionals: [{ name: "reference", description: "registry://<host[:port]>/<repo>:<tag> (or @sha256:…)" }],
  flags,
  examples: [
    { command: "wardenkit pull registry://ghcr.io/wardenkit/policies/required-labels:v0.1.0 --output-file required-labels.wasm", description: "pull a published module into a file" },
    { command: "wardenkit pull registry://registry.acme.example/policies/team-quota:v1.2.0 --output-file team-quota.wasm --ca-file acme-ca.pem", description: "from a registry whose certificate your own CA signed" },
    { command: "wardenkit pull registry://ghcr.io/wardenkit/policies/required-labels:v0.1.0 --output-file required-labels.wasm --verification-config verification-config.yml", description: "only if its signatures satisfy the cluster's verification config" },
  ],
  load: () => import("../actions/pull.ts"),
});
