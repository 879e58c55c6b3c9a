// The section of BENCHMARKS.md on auditing a cluster, beside check's figures.
import { AUDIT_GOAL_OBJECTS_PER_SECOND, type AuditBenchResult } from "./audit-bench.ts";
import { withSection } from "./markdown-section.ts";

export const AUDIT_HEADING = "## Auditing a cluster";
/** The section it goes before, so that it follows check's figures. */
const NEXT_HEADING = "## Cost by size of the host's answer";

const countsText = (counts: Record<string, number>) => Object.entries(counts).map(([outcome, n]) => `${n.toLocaleString("en")} ${outcome}`).join(", ");

export function auditSection(result: AuditBenchResult): string[] {
  const [before, after] = result.loadAverage;
  const largest = result.runs.filter((r) => r.reportsWritten === undefined).at(-1)!;
  const met = largest.objectsPerSecond >= AUDIT_GOAL_OBJECTS_PER_SECOND;
  return [
    `${AUDIT_HEADING} (tools/bench/audit-bench.ts, \`npm run bench:audit\`)`,
    "",
    `Written by \`npm run bench:audit\`, ${result.date.slice(0, 16).replace("T", " ")} UTC: a real kube-apiserver and etcd started for the run, ` +
      "the policy set's mix of Pods, Deployments, SQLClaims and ConfigMaps (every seventh breaking a policy) created in namespace wardenkit-e2e " +
      "through the API, 16 at a time, then audited against deploy/policy-set by the package's bin, a fresh process timed by GNU time for its wall " +
      "clock and peak resident memory (exit 1: some objects break a protect-mode policy). The objects grow in one namespace, 1,000 then 10,000, " +
      "and the 10,000 are audited once more with `--report`, which also writes a Report per object (OpenReports CRDs installed; 8 writes at a time); " +
      `stopping the control plane and removing its data cleans up. 1-minute load average ${before.toFixed(1)} before and ${after.toFixed(1)} after. The command:`,
    "",
    `    ${result.command}`,
    "",
    "| objects | created in | audit | exit | wall clock | objects/s | peak RSS | results |",
    "|---|---|---|---|---|---|---|---|",
    ...result.runs.map((r) => {
      const audit = r.reportsWritten === undefined ? "results only" : `--report (${r.reportsWritten.toLocaleString("en")} reports written)`;
      const created = r.reportsWritten === undefined ? `${r.createSeconds.toFixed(1)} s` : "(as above)";
      return `| ${r.objects.toLocaleString("en")} | ${created} | ${audit} | ${r.exitCode} | ${r.seconds.toFixed(1)} s | ${r.objectsPerSecond.toFixed(0)} | ${r.peakRssMiB.toFixed(0)} MiB | ${countsText(r.counts)} |`;
    }),
    "",
    `Goal: ${largest.objects.toLocaleString("en")} objects audited in under a minute (${AUDIT_GOAL_OBJECTS_PER_SECOND.toFixed(0)} objects/s): ${met ? "met" : "**not met**"}.`,
    "",
  ];
}

/** BENCHMARKS.md with its audit section replaced, or added after check's. */
export function withAuditSection(markdown: string, result: AuditBenchResult): string {
  return withSection(markdown, AUDIT_HEADING, auditSection(result).join("\n"), NEXT_HEADING);
}
