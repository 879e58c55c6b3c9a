import { defineCommand } from "../command.ts";
import { TRUSTED_ROOT_FLAG } from "./keyless-flags.ts";
import { booleanFlag, listFlag, stringFlag } from "../flags.ts";
import { CLUSTER_OBJECTS_FLAG, DIST_FLAG, INPUT_LIMITS_DETAIL, REGISTRY_FLAGS, REPORT_OUTPUT_FLAG, STREAMED_OUTPUT_DETAIL, VERIFICATION_CONFIG_FLAG } from "./shared-flags.ts";

const flags = {
  policies: listFlag("manifest|folder", "the policy set: manifests, or folders of them", { short: "p", commas: true, required: true }),
  module: listFlag("location=module", "where a manifest's module location is found instead: a policy name, a .wasm file or registry://… (for modules not published yet)"),
  cluster: CLUSTER_OBJECTS_FLAG,
  namespace: stringFlag("namespace", "the namespace of objects that name none", { short: "n" }),
  "controller-namespace": stringFlag("namespace", "the Kubewarden controller's namespace (default kubewarden)"),
  dist: DIST_FLAG,
  ...REGISTRY_FLAGS,
  "verification-config": VERIFICATION_CONFIG_FLAG,
  "trusted-root": TRUSTED_ROOT_FLAG,
  output: REPORT_OUTPUT_FLAG,
  verbose: booleanFlag("also list the policies that allowed or skipped each object", { short: "v" }),
};
export type CheckFlags = typeof flags;

export const check = defineCommand({
  name: "check",
  summary: "check manifests against a set of Kubewarden policies, as a cluster holding them would",
  positionals: [{ name: "manifests", description: "files, folders, or - for standard input", variadic: true }],
  flags,
  details: [
    `Objects are read and checked one at a time. ${STREAMED_OUTPUT_DETAIL}`,
    INPUT_LIMITS_DETAIL,
    "Exits 1 when a protect-mode policy denies an object; 2 when an input or a module cannot be read or decided (the check stops there), and for a command line that does not parse.",
  ],
  examples: [
    { command: "wardenkit check --policies deploy/policy-set deploy/kind/e2e", description: "check a folder of manifests against a policy set" },
    { command: "helm template shop ./chart | wardenkit check --policies deploy/policy-set -n shop -o sarif - > policies.sarif", description: "check a rendered chart from standard input; SARIF for GitHub code scanning" },
    { command: "wardenkit check -p deploy/policy-set --module registry://ghcr.io/wardenkit/policies/required-labels:v0.1.0=required-labels -o github k8s/", description: "run the project's build of a published module; a GitHub annotation on each denial" },
    { command: "wardenkit check -p deploy/policy-set -o junit k8s/ > policies.xml", description: "JUnit XML for CI's test reports" },
  ],
  load: () => import("../actions/check.ts"),
});
