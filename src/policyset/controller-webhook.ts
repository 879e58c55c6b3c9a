// What the Kubewarden controller writes into a policy's webhook, where it differs from the
// policy's own spec (internal/controller/policy_subreconciler_webhook.go namespaceSelector,
// and GetRules and GetNamespaceSelector of each kind in api/policies/v1). The API server
// then matches requests against these, not against the spec.
import type { PolicyRule } from "../wasm/policy-metadata.ts";
import type { LabelSelector } from "./label-selector.ts";
import { NAMESPACE_NAME_LABEL } from "./namespaces.ts";
import type { LoadedPolicy } from "./policy-set.ts";

type WebhookSource = Pick<LoadedPolicy, "namespace" | "rules" | "namespaceSelector" | "allowInsideAdmissionControllerNamespace">;

/** An AdmissionPolicy's (and group's) rules are all scoped Namespaced, whatever their own scope says. */
export function webhookRules(policy: WebhookSource): PolicyRule[] {
  return policy.namespace === undefined ? policy.rules : policy.rules.map((rule) => ({ ...rule, scope: "Namespaced" }));
}

/**
 * An AdmissionPolicy's: its own namespace. A cluster-wide policy's: its own selector as it is
 * when allowed inside the controller's namespace; otherwise that namespace excluded, plus only
 * the user's matchExpressions (matchLabels are dropped).
 */
export function webhookNamespaceSelector(policy: WebhookSource, controllerNamespace: string): LabelSelector | undefined {
  if (policy.namespace !== undefined) return { matchLabels: { [NAMESPACE_NAME_LABEL]: policy.namespace } };
  if (policy.allowInsideAdmissionControllerNamespace) return policy.namespaceSelector;
  const excluded = { key: NAMESPACE_NAME_LABEL, operator: "NotIn", values: [controllerNamespace] };
  return { matchExpressions: [excluded, ...(policy.namespaceSelector?.matchExpressions ?? [])] };
}
