// What an audit found for one (policy, object) pair: the shape the audit's evaluation writes
// and its renderers and OpenReports builder read.

/** pass, fail, warn (a monitor-mode policy that would deny), skip (not evaluated by design), error (could not be evaluated). */
export type AuditOutcome = "pass" | "fail" | "warn" | "skip" | "error";

/** The stored object an audit evaluated, as a report's resource reference names it. */
export interface AuditedObject {
  apiVersion: string;
  kind: string;
  /** Plural resource name, as discovery lists it. */
  resource: string;
  namespace?: string;
  name: string;
  uid?: string;
  resourceVersion?: string;
}

/** The policy that judged, with what a report needs of it. */
export interface AuditedPolicy {
  /** ClusterAdmissionPolicy, AdmissionPolicy, ClusterAdmissionPolicyGroup or AdmissionPolicyGroup. */
  kind: string;
  name: string;
  /** Set for the namespaced kinds. */
  namespace?: string;
  mode: "protect" | "monitor";
  /** The policy's annotations: severity and category come from here, as Kubewarden's audit reads them. */
  annotations: Record<string, string>;
  /** Known for a policy read from the cluster; a report's properties name them, as Kubewarden's do. */
  uid?: string;
  resourceVersion?: string;
  /** spec.mutating; absent is false, as in the CRD. */
  mutating?: boolean;
  /** Whether the policy reads cluster objects (spec.contextAwareResources, or a group member's). */
  contextAware?: boolean;
}

export interface AuditResult {
  policy: AuditedPolicy;
  /** The member of a policy group, when the policy is a group. */
  rule?: string;
  resource: AuditedObject;
  outcome: AuditOutcome;
  /** The policy's message for fail and warn; the reason for error and skip. */
  message?: string;
}
