// The OpenReports objects (openreports.io/v1alpha1 Report and ClusterReport, deploy/crds/) as
// Kubewarden's audit-scanner writes them, field for field with the reports-api Go types.

export const OPENREPORTS_API_VERSION = "openreports.io/v1alpha1";
export type ReportKind = "Report" | "ClusterReport";

/** What audit-scanner puts on every report (internal/audit-scanner/report/constants.go). */
export const REPORT_SOURCE = "kubewarden";
export const MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
export const MANAGED_BY = "kubewarden";
export const REPORT_VERSION_LABEL = "kubewarden.io/policyreport-version";
export const REPORT_VERSION = "v2";
export const RUN_UID_LABEL = "kubewarden.io/audit-scanner-run-uid";

/** The severities the CRD accepts; a policy annotation naming another is left out of the result. */
export const SEVERITIES = ["critical", "high", "low", "medium", "info"] as const;
export type Severity = (typeof SEVERITIES)[number];

/** A corev1.ObjectReference: the report's scope, the audited object. */
export interface ObjectReference {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
  uid?: string;
  resourceVersion?: string;
}

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
}

/** A metav1.Timestamp: audit-scanner sets whole seconds; nanos is written as 0. */
export interface Timestamp {
  seconds: number;
  nanos: number;
}

export interface ReportResult {
  source: string;
  policy: string;
  rule?: string;
  category?: string;
  severity?: Severity;
  timestamp: Timestamp;
  result: "pass" | "fail" | "warn" | "error" | "skip";
  scored: boolean;
  resourceSelector: Record<string, never>;
  message?: string;
  properties: Record<string, string>;
}

export interface ReportSummary {
  pass: number;
  fail: number;
  warn: number;
  error: number;
  skip: number;
}

export interface OpenReport {
  apiVersion: typeof OPENREPORTS_API_VERSION;
  kind: ReportKind;
  metadata: {
    name: string;
    /** Set on a Report: the namespace of the audited object. */
    namespace?: string;
    labels: Record<string, string>;
    ownerReferences?: OwnerReference[];
  };
  scope: ObjectReference;
  summary: ReportSummary;
  results: ReportResult[];
}

/** `Report default/3f0c…` or `ClusterReport 3f0c…`, for messages. */
export function describeReport(report: OpenReport): string {
  const { namespace, name } = report.metadata;
  return `${report.kind} ${namespace ? `${namespace}/` : ""}${name}`;
}
