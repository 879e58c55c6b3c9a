// The kinds of Kubewarden's policies.kubewarden.io/v1 API, as the controller defines them
// (api/policies/v1): the policies, the groups that combine several modules, and where each
// lives. Every other place names them through this file.
export const POLICIES_API_VERSION = "policies.kubewarden.io/v1";

export const POLICY_KINDS = ["ClusterAdmissionPolicy", "AdmissionPolicy"] as const;
export type PolicyKind = (typeof POLICY_KINDS)[number];

/** Several modules combined by one expression; same API group and version. */
export const POLICY_GROUP_KINDS = ["ClusterAdmissionPolicyGroup", "AdmissionPolicyGroup"] as const;
export type PolicyGroupKind = (typeof POLICY_GROUP_KINDS)[number];

export type AnyPolicyKind = PolicyKind | PolicyGroupKind;
export const ALL_POLICY_KINDS: readonly AnyPolicyKind[] = [...POLICY_KINDS, ...POLICY_GROUP_KINDS];

/** The kind that runs policies; policies name one in spec.policyServer. */
export const POLICY_SERVER_KIND = "PolicyServer";

export function isPolicyKind(kind: unknown): kind is AnyPolicyKind {
  return typeof kind === "string" && (ALL_POLICY_KINDS as readonly string[]).includes(kind);
}

export function isGroupKind(kind: unknown): kind is PolicyGroupKind {
  return typeof kind === "string" && (POLICY_GROUP_KINDS as readonly string[]).includes(kind);
}

/** AdmissionPolicy and AdmissionPolicyGroup live in a namespace and see only its objects. */
export function isNamespacedPolicyKind(kind: AnyPolicyKind): boolean {
  return kind === "AdmissionPolicy" || kind === "AdmissionPolicyGroup";
}
