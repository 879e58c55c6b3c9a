// The ValidatingWebhookConfiguration the Kubewarden controller writes for a policy, ported
// from its code (kubewarden-controller@3460bb7: internal/controller/policy_subreconciler_webhook.go,
// reconcileValidatingWebhookConfiguration and namespaceSelector; GetRules,
// GetNamespaceSelector, GetUniqueName of each kind in api/policies/v1), so a test can
// register it on a real API server. It is written apart from src/policyset on purpose: it
// is the oracle wardenkit's matching is compared with. One change, said where it is made:
// the client config names the test's webhook URL instead of the policy-server Service.
import type { PolicyObject } from "../../src/manifests/policy-documents.ts";

type Selector = { matchLabels?: Record<string, string>; matchExpressions?: { key: string; operator: string; values?: string[] }[] };
type Rule = Record<string, unknown> & { scope?: string };

const NAMESPACED_KINDS = new Set(["AdmissionPolicy", "AdmissionPolicyGroup"]);
const CLUSTER_KINDS = new Set(["ClusterAdmissionPolicy", "ClusterAdmissionPolicyGroup"]);
const GROUP_KINDS = new Set(["ClusterAdmissionPolicyGroup", "AdmissionPolicyGroup"]);

/** GetUniqueName: clusterwide-<name>, namespaced-<ns>-<name>, clusterwide-group-<name>, namespaced-group-<ns>-<name>. */
export function uniqueName(policy: PolicyObject): string {
  const group = GROUP_KINDS.has(policy.kind) ? "group-" : "";
  return NAMESPACED_KINDS.has(policy.kind) ? `namespaced-${group}${policy.metadata.namespace}-${policy.metadata.name}` : `clusterwide-${group}${policy.metadata.name}`;
}

function spec(policy: PolicyObject): Record<string, unknown> {
  return (policy.spec ?? {}) as Record<string, unknown>;
}

/** GetRules: an AdmissionPolicy's (and group's) rules get scope Namespaced; a cluster policy's are its own. */
function getRules(policy: PolicyObject): Rule[] {
  const rules = spec(policy).rules as Rule[];
  return NAMESPACED_KINDS.has(policy.kind) ? rules.map((rule) => ({ ...rule, scope: "Namespaced" })) : rules;
}

/** GetNamespaceSelector: an AdmissionPolicy's own namespace; a cluster policy's spec.namespaceSelector. */
function getNamespaceSelector(policy: PolicyObject): Selector | undefined {
  if (NAMESPACED_KINDS.has(policy.kind)) return { matchLabels: { "kubernetes.io/metadata.name": policy.metadata.namespace! } };
  return spec(policy).namespaceSelector as Selector | undefined;
}

/** policySubReconciler.namespaceSelector. */
function namespaceSelector(policy: PolicyObject, deploymentsNamespace: string): Selector | undefined {
  if (!CLUSTER_KINDS.has(policy.kind)) return getNamespaceSelector(policy);
  if (spec(policy).allowInsideAdmissionControllerNamespace === true) return getNamespaceSelector(policy);
  const selector: Selector = { matchExpressions: [{ key: "kubernetes.io/metadata.name", operator: "NotIn", values: [deploymentsNamespace] }] };
  const own = getNamespaceSelector(policy);
  if (own) selector.matchExpressions!.push(...(own.matchExpressions ?? []));
  return selector;
}

export interface WebhookTarget {
  /** The controller's deploymentsNamespace (`kubewarden`). */
  deploymentsNamespace: string;
  /** Where the API server sends reviews; the controller's path `/validate/<unique name>` is appended. */
  baseUrl: string;
  caBundle: string;
}

/** reconcileValidatingWebhookConfiguration, with the AdmissionWebhookMatchConditions feature gate on (Kubernetes ≥ 1.30). */
export function validatingWebhookConfiguration(policy: PolicyObject, target: WebhookTarget) {
  const name = uniqueName(policy);
  const s = spec(policy);
  return {
    apiVersion: "admissionregistration.k8s.io/v1",
    kind: "ValidatingWebhookConfiguration",
    metadata: {
      name,
      labels: { "app.kubernetes.io/part-of": "kubewarden" },
      annotations: { kubewardenPolicyName: policy.metadata.name, kubewardenPolicyNamespace: policy.metadata.namespace ?? "" },
    },
    webhooks: [{
      name: `${name}.kubewarden.admission`,
      // The controller: service {namespace: deploymentsNamespace, name: policy-server-<ps>, path, port 443}.
      clientConfig: { url: `${target.baseUrl}/validate/${name}`, caBundle: target.caBundle },
      rules: getRules(policy),
      failurePolicy: s.failurePolicy,
      matchPolicy: s.matchPolicy,
      namespaceSelector: namespaceSelector(policy, target.deploymentsNamespace),
      objectSelector: s.objectSelector,
      sideEffects: s.sideEffects ?? "None",
      timeoutSeconds: s.timeoutSeconds,
      admissionReviewVersions: ["v1"],
      matchConditions: s.matchConditions,
    }],
  };
}
