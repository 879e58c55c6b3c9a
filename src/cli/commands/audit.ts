import { defineCommand } from "../command.ts";
import { booleanFlag, listFlag, numberFlag, outputFlag, stringFlag } from "../flags.ts";
import { DIST_FLAG, REGISTRY_FLAGS, STREAMED_OUTPUT_DETAIL } from "./shared-flags.ts";

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
  report: booleanFlag("write the results into the cluster as OpenReports Report and ClusterReport objects, as Kubewarden's audit-scanner does"),
  output: outputFlag(["text", "json", "yaml", "junit", "sarif", "github"], "text"),
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
    "--report writes one report per audited object, shaped as Kubewarden's audit-scanner writes them (openreports.io/v1alpha1: a Report in the object's namespace, a ClusterReport for a cluster-scoped object, named by the object's UID and owned by it, with each policy's result, severity and category), created or replaced, so a second audit leaves one current report per object. The OpenReports CRDs must be installed (wardenkit ships them in deploy/crds). -o yaml prints the same reports as one List instead of the results.",
    "What cannot be listed or evaluated (forbidden, gone, an invalid policy, a module that cannot be fetched) is reported as error with the reason, and the audit goes on.",
    "Exits 1 when a protect-mode policy fails an existing object; 2 when something could not be evaluated or a report could not be written (and nothing failed), when the cluster cannot be reached, and for a command line that does not parse.",
  ],
  examples: [
    { command: "wardenkit audit --policies deploy/policy-set", description: "audit the current kubeconfig context's cluster against a policy set on disk" },
    { command: "wardenkit audit --from-cluster --context staging -o junit > audit.xml", description: "audit a cluster with the policies it holds; JUnit XML for CI" },
    { command: "wardenkit audit -p deploy/policy-set --kubeconfig ~/.kube/prod -o json > audit.json", description: "every result as JSON" },
    { command: "wardenkit audit --from-cluster --report", description: "write the results into the cluster as OpenReports reports, for policy-reporter and kubectl get reports" },
    { command: "wardenkit audit -p deploy/policy-set -o yaml > reports.yaml", description: "the reports as YAML, for kubectl apply -f reports.yaml" },
  ],
  load: () => import("../actions/audit.ts"),
});
