// `wardenkit audit -o yaml` with reports: every Report and ClusterReport as one YAML stream,
// each checked against its CRD schema first, ready for `kubectl apply -f -`.
import { yamlText } from "../io/data-text.ts";
import type { AuditResult } from "./audit-result.ts";
import { buildReports, type ReportRun } from "./report-builder.ts";
import { checkReport } from "./report-schema.ts";

export function renderReportsYaml(results: Iterable<AuditResult>, run: ReportRun): string {
  const reports = buildReports(results, run);
  for (const report of reports) checkReport(report);
  return reports.map((report) => `---\n${yamlText(report)}`).join("");
}
