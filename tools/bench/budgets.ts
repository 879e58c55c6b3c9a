// The performance budgets of bench/budgets.json and their verdicts. Each budget
// has a goal (what the project promises) and a limit (what CI enforces today):
// while a goal is out of reach the limit keeps the figure from getting worse,
// and once it is reached the limit moves down to the goal and stays there.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { BENCH_DIR } from "./bench-project.ts";
import type { SuiteResult, WorkloadResult } from "./suite.ts";
import type { EngineMode, EngineSuiteResult } from "./engine-suite.ts";
import type { IsolationResult } from "./isolation.ts";

export interface Budget {
  goal: number;
  limit: number;
  /** Why the limit is above the goal, when it is. */
  note?: string;
}

export interface Budgets {
  /** Bytes of every built module. */
  moduleBytes: Budget;
  /** Warm validate / JSON.parse of what the policy reads. */
  warmOverJsonParse: Budget;
  /** Fresh-instance evaluation / warm validate. */
  freshOverWarm: Budget;
  /** Fresh-instance evaluation in µs on the machine where `calibrationMicroseconds` was measured. */
  freshMicroseconds: Budget & { calibrationMicroseconds: number };
  /** Warm validate of one policy / warm validate of another, measured in the same rounds. */
  relative: (Budget & { policy: string; to: string })[];
  /** On the wasmtime host: ours / the floor module's - 1, for validate (warm), instance start, and both. */
  engineShare: Record<EngineMode, Budget>;
  /** serve under a looping and a memory-hungry policy (bench:isolation): ratios within one run. */
  isolation: {
    /** The unrelated policy's p99 with looping reviews in flight / its p99 alone, the worse of N = 2 and 8. */
    unrelatedP99OverAlone: Budget;
    /** serve's RSS after the memory-hungry reviews / before them. */
    rssAfterOverBefore: Budget;
    /** serve's RSS growth at the peak / (reviews at once × the memory cap). */
    peakGrowthOverCaps: Budget;
  };
  /** The peers' kwctl figures, beside which the project wants to be the fastest. */
  peers: { note: string };
}

export type Status = "met" | "within limit" | "exceeded";

export interface Verdict {
  budget: string;
  workload: string;
  measured: number;
  goal: number;
  limit: number;
  unit: string;
  status: Status;
}

export const BUDGETS_FILE = join(BENCH_DIR, "budgets.json");

export function readBudgets(file = BUDGETS_FILE): Budgets {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as Budgets;
  } catch (err) {
    throw new Error(`cannot read the budgets in ${file}: ${(err as Error).message}`);
  }
}

function verdict(budget: string, workload: string, measured: number, limits: Budget, unit: string): Verdict {
  const status: Status = measured <= limits.goal ? "met" : measured <= limits.limit ? "within limit" : "exceeded";
  return { budget, workload, measured, goal: limits.goal, limit: limits.limit, unit, status };
}

/** The first workload of a policy: the one its relative budget is measured on. */
function firstOf(result: SuiteResult, policy: string): WorkloadResult {
  const found = result.workloads.find((w) => w.policy === policy);
  if (!found) throw new Error(`a relative budget names ${policy}, which no policy's bench/workloads.yml measures`);
  return found;
}

/** Verdicts on sizes and timing ratios; `relativeRatio` pairs two workloads' warm samples. */
export function judge(result: SuiteResult, budgets: Budgets, relativeRatio: (a: WorkloadResult, b: WorkloadResult) => number): Verdict[] {
  const verdicts: Verdict[] = [];
  const sizes = new Map(result.workloads.map((w) => [w.policy, w.moduleBytes]));
  for (const [policy, bytes] of sizes) verdicts.push(verdict("module size", policy, bytes, budgets.moduleBytes, "bytes"));
  for (const w of result.workloads) {
    verdicts.push(verdict("warm validate / JSON.parse", w.name, w.ratios.warmOverJsonParse, budgets.warmOverJsonParse, "×"));
    verdicts.push(verdict("fresh / warm", w.name, w.ratios.freshOverWarm, budgets.freshOverWarm, "×"));
    const scaled = w.ratios.freshOverCalibration * budgets.freshMicroseconds.calibrationMicroseconds;
    verdicts.push(verdict("fresh evaluation (calibrated)", w.name, scaled, budgets.freshMicroseconds, "µs"));
  }
  for (const pair of budgets.relative) {
    const ratio = relativeRatio(firstOf(result, pair.policy), firstOf(result, pair.to));
    verdicts.push(verdict(`${pair.policy} / ${pair.to}`, "warm validate", ratio, pair, "×"));
  }
  return verdicts;
}

const ENGINE_BUDGET_NAMES: Record<EngineMode, string> = {
  warm: "wasmtime validate share over floor",
  start: "wasmtime instance start share over floor",
  fresh: "wasmtime fresh evaluation share over floor",
};

/** Verdicts on the share each workload adds over the floor module on the wasmtime host. */
export function judgeEngine(result: EngineSuiteResult, budgets: Budgets): Verdict[] {
  return result.workloads.flatMap((w) =>
    (Object.keys(ENGINE_BUDGET_NAMES) as EngineMode[]).map((mode) =>
      verdict(ENGINE_BUDGET_NAMES[mode], w.name, w.modes[mode].share, budgets.engineShare[mode], "%")),
  );
}

/** Verdicts on serve's isolation figures. */
export function judgeIsolation(result: IsolationResult, budgets: Budgets): Verdict[] {
  const [alone, ...loaded] = result.phases;
  const worst = loaded.reduce((a, b) => (b.latencyMs.p99 > a.latencyMs.p99 ? b : a));
  const m = result.memory;
  return [
    verdict("unrelated p99 beside loops / alone", `${worst.loops} looping`, worst.latencyMs.p99 / alone.latencyMs.p99, budgets.isolation.unrelatedP99OverAlone, "×"),
    verdict("RSS after / before", `${result.hungryAtOnce} × 1 GiB asked`, m.afterMiB / m.beforeMiB, budgets.isolation.rssAfterOverBefore, "×"),
    verdict("RSS peak growth / caps", `${result.hungryAtOnce} × ${result.memoryCapMiB} MiB`, (m.peakMiB - m.beforeMiB) / (result.hungryAtOnce * result.memoryCapMiB), budgets.isolation.peakGrowthOverCaps, "×"),
  ];
}

export function formatNumber(value: number, unit: string): string {
  if (unit === "bytes") return `${value} B`;
  if (unit === "µs") return `${value.toFixed(1)} µs`;
  if (unit === "%") return `${(value * 100).toFixed(1)}%`;
  return `${value.toFixed(2)}×`;
}

export function formatVerdicts(verdicts: Verdict[]): string {
  const rows = verdicts.map((v) => [v.budget, v.workload, formatNumber(v.measured, v.unit), formatNumber(v.goal, v.unit), formatNumber(v.limit, v.unit), v.status]);
  const header = ["budget", "workload", "measured", "goal", "limit", "status"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join("  ").trimEnd();
  return [line(header), ...rows.map(line)].join("\n");
}
