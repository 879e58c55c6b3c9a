// Audit results as OpenReports objects, shaped as Kubewarden's audit-scanner writes them
// (internal/audit-scanner/report/report.go): one report per audited object, named by the
// object's UID, a Report in the object's namespace or a ClusterReport for a cluster-scoped
// object, owned by the object (so it goes when the object goes), its scope the object, its
// summary the count of each result.
import { createHash } from "node:crypto";
import type { AuditedObject, AuditResult } from "./audit-result.ts";
import {
  MANAGED_BY, MANAGED_BY_LABEL, OPENREPORTS_API_VERSION, REPORT_VERSION, REPORT_VERSION_LABEL, RUN_UID_LABEL,
  type ObjectReference, type OpenReport, type Timestamp,
} from "./openreports.ts";
import { reportResult } from "./report-result.ts";

export interface ReportRun {
  /** Labels every report of one audit (audit-scanner's run UID). */
  runUid: string;
  /** When the results were computed: each result's timestamp. */
  now: Date;
}

/** How many hex digits of a digest name the report of an object without a UID. */
const NAME_DIGEST_LENGTH = 32;

/** The object a report is about: its UID, else what names it. */
function objectKey(object: AuditedObject): string {
  return object.uid ?? JSON.stringify([object.apiVersion, object.kind, object.namespace ?? "", object.name]);
}

/**
 * The report's name: the object's UID, as audit-scanner names it. Objects read from a cluster
 * always have one; for any other, a digest of what names it, so the name stays the same run
 * after run.
 */
function reportName(object: AuditedObject): string {
  if (object.uid) return object.uid;
  return `wardenkit-${createHash("sha256").update(objectKey(object)).digest("hex").slice(0, NAME_DIGEST_LENGTH)}`;
}

function scopeOf(object: AuditedObject): ObjectReference {
  return {
    apiVersion: object.apiVersion,
    kind: object.kind,
    ...(object.namespace ? { namespace: object.namespace } : {}),
    name: object.name,
    ...(object.uid ? { uid: object.uid } : {}),
    ...(object.resourceVersion ? { resourceVersion: object.resourceVersion } : {}),
  };
}

function emptyReport(object: AuditedObject, run: ReportRun): OpenReport {
  const { apiVersion, kind, name, uid, namespace } = object;
  return {
    apiVersion: OPENREPORTS_API_VERSION,
    kind: namespace ? "Report" : "ClusterReport",
    metadata: {
      name: reportName(object),
      ...(namespace ? { namespace } : {}),
      labels: { [MANAGED_BY_LABEL]: MANAGED_BY, [REPORT_VERSION_LABEL]: REPORT_VERSION, [RUN_UID_LABEL]: run.runUid },
      ...(uid ? { ownerReferences: [{ apiVersion, kind, name, uid }] } : {}),
    },
    scope: scopeOf(object),
    summary: { pass: 0, fail: 0, warn: 0, error: 0, skip: 0 },
    results: [],
  };
}

/** One report per object the results name, in the order the objects first appear. */
export function buildReports(results: Iterable<AuditResult>, run: ReportRun): OpenReport[] {
  const timestamp: Timestamp = { seconds: Math.floor(run.now.getTime() / 1000), nanos: 0 };
  const reports = new Map<string, OpenReport>();
  for (const result of results) {
    const key = objectKey(result.resource);
    let report = reports.get(key);
    if (!report) reports.set(key, (report = emptyReport(result.resource, run)));
    report.results.push(reportResult(result, timestamp));
    report.summary[result.outcome]++;
  }
  return [...reports.values()];
}
