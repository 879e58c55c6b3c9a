import { defineCommand } from "../command.ts";
import { booleanFlag, listFlag, numberFlag, stringFlag } from "../flags.ts";
import { DIST_FLAG, REGISTRY_FLAGS, REPORT_OUTPUT_FLAG, STREAMED_OUTPUT_DETAIL } from "./shared-flags.ts";

const flags = {
  policies: listFlag("manifest|folder", "the policy set: manifests, or folders of them (or --from-cluster)", { short: "p", commas: true }),
  "from-cluster": booleanFlag("audit with the cluster's own ClusterAdmissionPolicies, AdmissionPolicies and groups"),
  module: listFlag("location=module", "where a manifest's module location is found instead: a policy name, a .wasm file or registry://…"),
  kubeconfig: stringFlag("file", "the cluster to audit (default: KUBECONFIG or ~/.kube/config, as kubectl finds it)"),
  context: stringFlag("name", "the kubeconfig context to use (default: its current context)"),
  "controller-namespace": stringFlag("namespace", "the Kubewarden controller's namespace, which cluster-wide policies never see (default kubewarden)"),
  workers: numberFlag("n", "evaluating threads (default: the machine's parallelism)", { integer: true, max: 64 }),
  "page-size": numberFlag("n", "objects per list request", { integer: true, default: 500, max: 10_000 }),
  dist: DIST_FLAG,
  ...REGISTRY_FLAGS,
  output: REPORT_OUTPUT_FLAG,
  verbose: booleanFlag("also list what passed and what was skipped", { short: "v" }),
};
export type AuditFlags = typeof flags;

export const audit = defineCommand({
  name: "audit",
  summary: "audit the objects a running cluster already holds against a set of Kubewarden policies",
  positionals: [],
  flags,
  details: [
    "Every policy with backgroundAudit (the default) judges the objects its rules select for CREATE, listed page by page through discovery (`*` included), with its namespace and object selectors and matchConditions, as `wardenkit check` judges them; each object is sent as Kubewarden's audit-scanner sends it. Context-aware policies read the live cluster.",
    `Results are written as they come. ${STREAMED_OUTPUT_DETAIL}`,
    "What cannot be listed or evaluated (forbidden, gone, an invalid policy, a module that cannot be fetched) is reported as error with the reason, and the audit goes on.",
    "Exits 1 when a protect-mode policy fails an existing object; 2 when something could not be evaluated (and nothing failed), when the cluster cannot be reached, and for a command line that does not parse.",
  ],
  examples: [
    { command: "wardenkit audit --policies deploy/policy-set", description: "audit the current kubeconfig context's cluster against a policy set on disk" },
    { command: "wardenkit audit --from-cluster --context staging -o junit > audit.xml", description: "audit a cluster with the policies it holds; JUnit XML for CI" },
    { command: "wardenkit audit -p deploy/policy-set --kubeconfig ~/.kube/prod -o json > audit.json", description: "every result as JSON" },
  ],
  load: () => import("../actions/audit.ts"),
});
