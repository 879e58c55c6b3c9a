// Audit results for the report tests: a namespaced Pod and a cluster-scoped Namespace judged
// by policies of each kind and mode, as the audit's evaluation hands them over.
import type { AuditedObject, AuditedPolicy, AuditResult } from "../../src/audit/audit-result.ts";

export const POD: AuditedObject = {
  apiVersion: "v1", kind: "Pod", resource: "pods", namespace: "team-a", name: "web", uid: "5b0c8f0e-4a57-4c4e-9d4f-0f3f3b1a2c01", resourceVersion: "812",
};
export const NAMESPACE: AuditedObject = {
  apiVersion: "v1", kind: "Namespace", resource: "namespaces", name: "team-a", uid: "0d7b1a6e-2f3c-4e8a-b1d9-6c5e4f3a2b10", resourceVersion: "77",
};

export const REQUIRED_LABELS: AuditedPolicy = {
  kind: "ClusterAdmissionPolicy", name: "required-labels", mode: "protect", uid: "c1a2b3c4-0000-4000-8000-000000000001", resourceVersion: "41",
  annotations: { "io.kubewarden.policy.severity": "medium", "io.kubewarden.policy.category": "Resource labels" },
};
export const NON_ROOT: AuditedPolicy = {
  kind: "AdmissionPolicy", name: "run-as-non-root", namespace: "team-a", mode: "monitor", contextAware: true,
  annotations: { "io.kubewarden.policy.severity": "high" },
};
export const GROUP: AuditedPolicy = { kind: "ClusterAdmissionPolicyGroup", name: "safe-pods", mode: "protect", mutating: false, annotations: { "io.kubewarden.policy.severity": "urgent" } };

export const RESULTS: AuditResult[] = [
  { policy: REQUIRED_LABELS, resource: POD, outcome: "fail", message: "the object is missing the label team" },
  { policy: NON_ROOT, resource: POD, outcome: "warn", message: "containers must run as non-root" },
  { policy: REQUIRED_LABELS, resource: NAMESPACE, outcome: "pass" },
  { policy: GROUP, rule: "signed", resource: POD, outcome: "error", message: "cannot fetch the module: connection refused" },
  { policy: GROUP, rule: "limits", resource: POD, outcome: "skip", message: "no rule of the policy selects pods" },
];

export const RUN = { runUid: "6e2d3c1b-9a8f-4e7d-8c6b-5a4f3e2d1c0b", now: new Date("2026-12-06T19:00:00.500Z") };
