// Audit results as OpenReports objects, shaped as Kubewarden's audit-scanner writes them
// (internal/audit-scanner/report/report.go): one report per audited object, named by the
// object's UID, a Report in the object's namespace or a ClusterReport for a cluster-scoped
// object, owned by the object (so the cluster's garbage collector deletes it with the object),
// its scope the object, its summary the count of each result.
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

function emptyReport(object: AuditedObject & { uid: string }, run: ReportRun): OpenReport {
  const { apiVersion, kind, name, uid, namespace } = object;
  return {
    apiVersion: OPENREPORTS_API_VERSION,
    kind: namespace ? "Report" : "ClusterReport",
    metadata: {
      name: uid,
      ...(namespace ? { namespace } : {}),
      labels: { [MANAGED_BY_LABEL]: MANAGED_BY, [REPORT_VERSION_LABEL]: REPORT_VERSION, [RUN_UID_LABEL]: run.runUid },
      ownerReferences: [{ apiVersion, kind, name, uid }],
    },
    scope: scopeOf(object),
    summary: { pass: 0, fail: 0, warn: 0, error: 0, skip: 0 },
    results: [],
  };
}

/**
 * Gathers results as the audit gives them into one report per object, in the order the objects
 * first appear. As audit-scanner, a report lists the policies that judged its object: a policy
 * whose rules or selectors do not select the object (`skip`) is only counted in the summary's
 * `skip`, and an object no policy selects has no report. A result about no stored object (a
 * resource that could not be listed, a policy that could not be loaded: nothing with a UID) has
 * no report to go in; it is counted apart.
 */
export class ReportBuilder {
  private readonly byObject = new Map<string, OpenReport>();
  /** Skips of objects with no report yet, counted once one comes. */
  private readonly skipsWithoutReport = new Map<string, number>();
  private readonly timestamp: Timestamp;
  /** Results about no stored object, left out of every report. */
  unreported = 0;

  constructor(private readonly run: ReportRun) {
    this.timestamp = { seconds: Math.floor(run.now.getTime() / 1000), nanos: 0 };
  }

  add(result: AuditResult): void {
    const object = result.resource;
    if (!object.uid) {
      this.unreported++;
      return;
    }
    let report = this.byObject.get(object.uid);
    if (result.outcome === "skip") {
      if (report) report.summary.skip++;
      else this.skipsWithoutReport.set(object.uid, (this.skipsWithoutReport.get(object.uid) ?? 0) + 1);
      return;
    }
    if (!report) {
      this.byObject.set(object.uid, (report = emptyReport(object as AuditedObject & { uid: string }, this.run)));
      report.summary.skip = this.skipsWithoutReport.get(object.uid) ?? 0;
      this.skipsWithoutReport.delete(object.uid);
    }
    report.results.push(reportResult(result, this.timestamp));
    report.summary[result.outcome]++;
  }

  reports(): OpenReport[] {
    return [...this.byObject.values()];
  }
}

/** The reports of `results`. */
export function buildReports(results: Iterable<AuditResult>, run: ReportRun): OpenReport[] {
  const builder = new ReportBuilder(run);
  for (const result of results) builder.add(result);
  return builder.reports();
}
