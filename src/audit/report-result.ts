// One audit result as a line of an OpenReports report, as audit-scanner writes it
// (internal/audit-scanner/report/openreports.go newReportResult, report.go).
import type { AnyPolicyKind } from "../kubewarden/policy-kinds.ts";
import type { AuditedPolicy, AuditResult } from "./audit-result.ts";
import { REPORT_SOURCE, SEVERITIES, type ReportResult, type Severity, type Timestamp } from "./openreports.ts";

/** The annotations Kubewarden reads a result's severity and category from (api/policies/v1/policy.go). */
export const SEVERITY_ANNOTATION = "io.kubewarden.policy.severity";
export const CATEGORY_ANNOTATION = "io.kubewarden.policy.category";

const UNIQUE_NAME_PREFIX: Record<AnyPolicyKind, string> = {
  ClusterAdmissionPolicy: "clusterwide-",
  ClusterAdmissionPolicyGroup: "clusterwide-group-",
  AdmissionPolicy: "namespaced-",
  AdmissionPolicyGroup: "namespaced-group-",
};

/** The policy's name in a report: its GetUniqueName() (`clusterwide-<name>`, `namespaced-<ns>-<name>`, and the groups'). */
export function reportPolicyName(policy: AuditedPolicy): string {
  const prefix = UNIQUE_NAME_PREFIX[policy.kind as AnyPolicyKind] ?? `${policy.kind.toLowerCase()}-`;
  return policy.namespace ? `${prefix}${policy.namespace}-${policy.name}` : `${prefix}${policy.name}`;
}

function isSeverity(value: string | undefined): value is Severity {
  return (SEVERITIES as readonly (string | undefined)[]).includes(value);
}

/** `info` in monitor mode, else the policy's severity annotation; none when the CRD would refuse it. */
function severityOf(policy: AuditedPolicy): Severity | undefined {
  if (policy.mode === "monitor") return "info";
  const annotated = policy.annotations[SEVERITY_ANNOTATION];
  return isSeverity(annotated) ? annotated : undefined;
}

/** What audit-scanner records of the policy, so a consumer can tell which revision judged. */
function propertiesOf(policy: AuditedPolicy): Record<string, string> {
  const properties: Record<string, string> = policy.mutating ? { mutating: "true" } : { validating: "true" };
  if (policy.contextAware) properties["context-aware"] = "true";
  // Known only for a policy read from the cluster, not from local manifests.
  if (policy.resourceVersion) properties["policy-resource-version"] = policy.resourceVersion;
  if (policy.uid) properties["policy-uid"] = policy.uid;
  properties["policy-name"] = policy.name;
  if (policy.namespace) properties["policy-namespace"] = policy.namespace;
  return properties;
}

export function reportResult(result: AuditResult, timestamp: Timestamp): ReportResult {
  const { policy } = result;
  const severity = severityOf(policy);
  const category = policy.annotations[CATEGORY_ANNOTATION];
  return {
    source: REPORT_SOURCE,
    policy: reportPolicyName(policy),
    ...(result.rule ? { rule: result.rule } : {}),
    ...(category ? { category } : {}),
    ...(severity ? { severity } : {}),
    timestamp,
    result: result.outcome,
    scored: true,
    resourceSelector: {},
    ...(result.message ? { message: result.message } : {}),
    properties: propertiesOf(policy),
  };
}
