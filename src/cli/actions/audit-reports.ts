// `wardenkit audit --report` and `-o yaml`: the audit's results gathered into OpenReports
// Report and ClusterReport objects as they come; after the last, written into the cluster
// (`--report`) and printed as one List that `kubectl apply -f` takes (`-o yaml`).
import { randomUUID } from "node:crypto";
import type { AuditResult } from "../../audit/audit-result.ts";
import type { OpenReport } from "../../audit/openreports.ts";
import { ReportBuilder } from "../../audit/report-builder.ts";
import { writeReports, type ReportsWritten } from "../../audit/report-writer.ts";
import type { LoadedKubeConfig } from "../../cluster/kubeconfig.ts";

/** How many refused reports the failure line names; the JSON output names every one. */
const FAILURES_NAMED = 3;

export interface ReportTarget {
  /** Write the reports into the cluster. */
  write: boolean;
  /** The audit's own kubeconfig, so the writes reuse its connections. */
  kubeConfig: LoadedKubeConfig;
}

export class AuditReports {
  private readonly builder = new ReportBuilder({ runUid: randomUUID(), now: new Date() });
  private written?: ReportsWritten;

  constructor(private readonly target: ReportTarget) {}

  /** The results, passed on as they come, each added to its object's report; the reports written after the last. */
  async* gather(results: AsyncIterable<AuditResult>): AsyncGenerator<AuditResult> {
    for await (const result of results) {
      this.builder.add(result);
      yield result;
    }
    if (this.target.write) this.written = await writeReports(this.target.kubeConfig.config, this.builder.reports());
  }

  reports(): OpenReport[] {
    return this.builder.reports();
  }

  /** The line after the results: how many reports were written, and what no report holds. */
  text(): string {
    if (!this.written) return "";
    const lines = [`reports: ${this.written.written} written to the cluster${this.written.failed.length ? `, ${this.written.failed.length} not written` : ""}`];
    const { unreported } = this.builder;
    if (unreported) lines.push(`${unreported} ${unreported === 1 ? "result is" : "results are"} about no stored object (a resource not listed, a policy not loaded) and in no report`);
    return lines.map((l) => `${l}\n`).join("");
  }

  /** For `-o json`: what was written and what was refused, with the reasons. */
  data(): Record<string, unknown> {
    return this.written ? { reports: { ...this.written, unreported: this.builder.unreported } } : {};
  }

  /** Why the command fails for its reports: some were not written. */
  failure(): string | undefined {
    const failed = this.written?.failed ?? [];
    if (!failed.length) return undefined;
    const named = failed.slice(0, FAILURES_NAMED).map((f) => `${f.report}: ${f.reason}`);
    const more = failed.length > FAILURES_NAMED ? `; and ${failed.length - FAILURES_NAMED} more` : "";
    return `${failed.length} of ${this.written!.written + failed.length} reports not written: ${named.join("; ")}${more}`;
  }
}
