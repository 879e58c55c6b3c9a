import { defineCommand } from "../command.ts";
import { TRUSTED_ROOT_FLAG } from "./keyless-flags.ts";
import { CLUSTER_FLAGS, MANIFESTS_ARG } from "./cluster-flags.ts";
import { DIST_FLAG, VERIFICATION_CONFIG_FLAG } from "./shared-flags.ts";

const flags = { ...CLUSTER_FLAGS, dist: DIST_FLAG, "verification-config": VERIFICATION_CONFIG_FLAG, "trusted-root": TRUSTED_ROOT_FLAG };
export type ApplyFlags = typeof flags;

export const apply = defineCommand({
  name: "apply",
  summary: "apply policy manifests to the cluster and wait until they are active",
  positionals: [MANIFESTS_ARG],
  flags,
  details: ["Each policy's settings are checked by its built module (--dist) before anything is applied."],
  examples: [
    { command: "wardenkit apply --wait", description: "apply the manifests publish wrote (dist/manifests) and wait until every policy is active" },
    { command: "wardenkit apply deploy/policy-set --timeout 5m", description: "apply a folder of manifests, waiting at most five minutes" },
    { command: "wardenkit apply shop-policies.yaml -n shop", description: "apply the AdmissionPolicies of a file in namespace shop" },
  ],
  load: () => import("../actions/apply.ts"),
});
