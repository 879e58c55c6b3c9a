// What `wardenkit apply` and `wardenkit delete` both take: manifests, the kubeconfig, a namespace for
// namespaced policies, and whether and how long to wait.
import { booleanFlag, durationFlag, stringFlag } from "../flags.ts";

export const DEFAULT_WAIT_TIMEOUT = "120s";

export const MANIFESTS_ARG = {
  name: "manifests", description: "manifest files or folders (default dist/manifests, written by publish)", variadic: true, optional: true,
};

export const CLUSTER_FLAGS = {
  kubeconfig: stringFlag("file", "the cluster to change (default: KUBECONFIG or ~/.kube/config, as kubectl finds it)"),
  namespace: stringFlag("namespace", "the namespace of namespaced policies (default: the kubeconfig context's)", { short: "n" }),
  wait: booleanFlag("wait until every policy is active (apply) or gone (delete)"),
  timeout: durationFlag("duration", `how long to wait (implies --wait; default ${DEFAULT_WAIT_TIMEOUT})`),
};
