// `wardenkit audit`: runs the audit (src/audit/run-audit.ts) and hands its results to the
// renderer as they are judged: text, JSON, and each result as a test case for CI systems; the
// OpenReports reports of them written into the cluster (--report) or printed (-o yaml).
// Exits 1 when a protect-mode policy fails an object, 2 when something could not be evaluated.
import { resolve } from "node:path";
import { registryArgs, registryConnection } from "./registry-args.ts";
import { runAudit, type AuditRun } from "../../audit/run-audit.ts";
import type { AuditResult } from "../../audit/audit-result.ts";
import { auditResultText, AuditTally, describeAudited, describeAuditor, summaryLine } from "../../audit/audit-output.ts";
import type { CommandInput } from "../command.ts";
import type { AuditFlags } from "../commands/audit.ts";
import { EXIT_BAD_INPUT, EXIT_FAILURE, exitingOnBadInput, exitingOnBadItems, UsageError } from "../errors.ts";
import type { ResultExit } from "../output/result.ts";
import type { StreamedResult } from "../output/streamed.ts";
import type { TestCase } from "../output/test-case.ts";
import type { OpenReport } from "../../audit/openreports.ts";
import { AuditReports } from "./audit-reports.ts";
import { moduleAliases } from "./check.ts";

function auditCase(r: AuditResult): TestCase {
  const policy = describeAuditor(r);
  const checked = { subject: describeAudited(r), name: policy, rule: policy };
  switch (r.outcome) {
    case "fail": return { ...checked, outcome: "failed", message: r.message ?? "" };
    case "error": return { ...checked, outcome: "failed", message: `not evaluated: ${r.message ?? "no reason given"}` };
    case "skip": return { ...checked, outcome: "skipped", message: r.message };
    case "warn": return { ...checked, outcome: "passed", note: `monitor mode would deny: ${r.message ?? ""}` };
    case "pass": return { ...checked, outcome: "passed" };
  }
}

function notAuditedText(run: AuditRun): string {
  if (!run.notAudited.length) return "";
  return `not audited (backgroundAudit: false): ${run.notAudited.map((p) => `${p.kind} ${p.metadata.namespace ? `${p.metadata.namespace}/` : ""}${p.metadata.name}`).join(", ")}\n`;
}

/** Exits 1 when a protect-mode policy fails an object; 2 when something could not be evaluated, or a report not written. */
function auditExit(tally: AuditTally, reports?: AuditReports): ResultExit {
  const unwritten = reports?.failure();
  if (tally.counts.fail > 0) return { exitCode: EXIT_FAILURE, ...(unwritten ? { failure: unwritten } : {}) };
  const failures = [
    ...(tally.counts.error > 0 ? [`${tally.counts.error} ${tally.counts.error === 1 ? "result" : "results"} could not be evaluated`] : []),
    ...(unwritten ? [unwritten] : []),
  ];
  return failures.length ? { exitCode: EXIT_BAD_INPUT, failure: failures.join("; ") } : {};
}

function progressOf(run: AuditRun): () => string {
  return () => `listed ${run.progress.listed.toLocaleString("en")} objects, evaluated ${run.progress.evaluated.toLocaleString("en")}; results`;
}

/** The results as they are judged; with `reports` (--report), gathered into reports and written after the last. */
function auditResult(run: AuditRun, showAll: boolean, reports?: AuditReports): StreamedResult<AuditResult> {
  const tally = new AuditTally();
  async function* counted(): AsyncGenerator<AuditResult> {
    for await (const r of exitingOnBadItems(reports?.gather(run.results) ?? run.results)) {
      tally.add(r);
      yield r;
    }
  }
  return {
    streamed: true,
    items: counted(),
    text: { item: (r) => auditResultText(r, showAll), end: () => `\n${notAuditedText(run)}${summaryLine(tally)}\n${reports?.text() ?? ""}` },
    data: { item: (r) => r, key: "results", after: () => ({ server: run.server, counts: tally.counts, failingObjects: tally.failingCount, ...reports?.data() }) },
    cases: (r) => [auditCase(r)],
    progress: progressOf(run),
    exit: () => auditExit(tally, reports),
  };
}

/** `-o yaml`: the reports, as one List `kubectl apply -f` takes, once the last result is in. */
function reportsList(run: AuditRun, reports: AuditReports): StreamedResult<OpenReport> {
  const tally = new AuditTally();
  async function* listed(): AsyncGenerator<OpenReport> {
    for await (const r of exitingOnBadItems(reports.gather(run.results))) tally.add(r);
    yield* reports.reports();
  }
  return {
    streamed: true,
    items: listed(),
    data: { item: (report) => report, key: "items", after: () => ({ apiVersion: "v1", kind: "List" }) },
    progress: progressOf(run),
    exit: () => auditExit(tally, reports),
  };
}

export async function run({ flags }: CommandInput<AuditFlags>): Promise<StreamedResult<AuditResult> | StreamedResult<OpenReport>> {
  if (!flags.policies.length && !flags["from-cluster"]) throw new UsageError("give the policy set: --policies <manifests|folders> or --from-cluster");
  if (flags.policies.length && flags["from-cluster"]) throw new UsageError("--policies and --from-cluster cannot be combined");
  const aliases = moduleAliases(flags.module);
  return exitingOnBadInput(async () => {
    const audit = await runAudit({
      kubeconfig: flags.kubeconfig,
      context: flags.context,
      policies: flags.policies,
      fromCluster: flags["from-cluster"],
      modules: { aliases, distDir: flags.dist && resolve(flags.dist), ...registryArgs(flags) },
      external: { registry: registryConnection(flags) },
      controllerNamespace: flags["controller-namespace"],
      workers: flags.workers,
      pageSize: flags["page-size"],
    });
    // Reports are gathered only when asked for: the results alone stream in constant memory.
    const reports = flags.report || flags.output === "yaml" ? new AuditReports({ write: flags.report, kubeConfig: audit.kubeConfig }) : undefined;
    return reports && flags.output === "yaml" ? reportsList(audit, reports) : auditResult(audit, flags.verbose, reports);
  });
}
