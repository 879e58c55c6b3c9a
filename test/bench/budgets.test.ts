// Budget verdicts: met, within the CI limit, or exceeded.
import { describe, expect, it } from "vitest";
import { formatVerdicts, judge, judgeEngine, judgeIsolation, readBudgets, type Budgets } from "../../tools/bench/budgets.ts";
import type { IsolationResult } from "../../tools/bench/isolation.ts";
import { DEFAULT_ENGINE_OPTIONS, type EngineSuiteResult } from "../../tools/bench/engine-suite.ts";
import type { SuiteResult, WorkloadResult } from "../../tools/bench/suite.ts";
import { DEFAULT_MEASURE_OPTIONS } from "../../src/bench/measure.ts";

const summary = (median: number) => ({ samples: 1, min: median, median, p99: median, max: median });

function workload(policy: string, moduleBytes: number, warmOverJsonParse: number): WorkloadResult {
  return {
    name: `${policy} / Pod`, policy, moduleBytes, payloadBytes: 5000, hostAnswerBytes: 0, accepted: true,
    warm: summary(5), fresh: summary(50), jsonParse: summary(10), typescript: summary(12),
    ratios: { warmOverJsonParse, warmOverTypescript: 0.4, freshOverWarm: 10, freshOverCalibration: 2.5 },
  };
}

const budgets: Budgets = {
  moduleBytes: { goal: 32768, limit: 40000 },
  warmOverJsonParse: { goal: 0.5, limit: 1 },
  freshOverWarm: { goal: 20, limit: 20 },
  freshMicroseconds: { goal: 100, limit: 150, calibrationMicroseconds: 20 },
  relative: [{ policy: "pod-density", to: "required-labels", goal: 2, limit: 3 }],
  engineShare: { warm: { goal: 0.05, limit: 2 }, start: { goal: 0.05, limit: 1 }, fresh: { goal: 0.05, limit: 1 } },
  isolation: { unrelatedP99OverAlone: { goal: 5, limit: 20 }, rssAfterOverBefore: { goal: 1.1, limit: 1.5 }, peakGrowthOverCaps: { goal: 1, limit: 1.5 } },
  peers: { note: "peers" },
};

describe("budgets", () => {
  const result: SuiteResult = {
    date: "2026-01-01T00:00:00Z", machine: { cpu: "cpu", cores: 2, platform: "linux x64", node: "v20" }, options: DEFAULT_MEASURE_OPTIONS,
    calibration: summary(20), workloads: [workload("required-labels", 30000, 0.4), workload("pod-density", 41000, 0.8)],
  };
  const verdicts = judge(result, budgets, (a, b) => (a.policy === "pod-density" && b.policy === "required-labels" ? 2.5 : Number.NaN));
  const find = (budget: string, workload: string) => verdicts.find((v) => v.budget === budget && v.workload === workload)!;

  it("judges sizes exactly and ratios against goal and limit", () => {
    expect(find("module size", "required-labels").status).toBe("met");
    expect(find("module size", "pod-density").status).toBe("exceeded");
    expect(find("warm validate / JSON.parse", "pod-density / Pod").status).toBe("within limit");
    expect(find("pod-density / required-labels", "warm validate").status).toBe("within limit");
  });

  it("scales the fresh-instance budget by the calibration workload of the same run", () => {
    expect(find("fresh evaluation (calibrated)", "required-labels / Pod").measured).toBe(50);
  });

  it("prints one aligned row per verdict", () => {
    const table = formatVerdicts(verdicts);
    expect(table.split("\n")).toHaveLength(verdicts.length + 1);
    expect(table).toMatch(/module size\s+pod-density\s+41000 B\s+32768 B\s+40000 B\s+exceeded/);
  });

  it("judges the share a policy adds over the floor on the wasmtime host", () => {
    const comparison = (share: number) => ({ floor: summary(10), ours: summary(10 * (1 + share)), share });
    const engine: EngineSuiteResult = {
      options: DEFAULT_ENGINE_OPTIONS, floorBytes: 300,
      workloads: [{ name: "required-labels / Pod", policy: "required-labels", payloadBytes: 5000, moduleBytes: 24580, modes: { warm: comparison(1.5), start: comparison(0.03), fresh: comparison(0.5) } }],
    };
    const [warm, start, fresh] = judgeEngine(engine, budgets);
    expect(warm).toMatchObject({ budget: "wasmtime validate share over floor", workload: "required-labels / Pod", status: "within limit", unit: "%" });
    expect(start).toMatchObject({ budget: "wasmtime instance start share over floor", status: "met" });
    expect(fresh).toMatchObject({ budget: "wasmtime fresh evaluation share over floor", status: "within limit" });
    expect(formatVerdicts([warm])).toMatch(/150\.0%\s+5\.0%\s+200\.0%\s+within limit/);
  });

  it("judges serve's isolation by ratios within the run: the worse loaded p99, RSS after and at the peak", () => {
    const phase = (loops: number, p99: number) => ({ loops, answered: 100, failed: 0, latencyMs: { ...summary(2), p99 }, loopAnswers: 0, loopTimeouts: 0, load: 1 });
    const result: IsolationResult = {
      date: "2026-01-01T00:00:00Z", phases: [phase(0, 10), phase(2, 300), phase(8, 40)], memoryCapMiB: 128, hungryAtOnce: 4,
      memory: { beforeMiB: 300, peakMiB: 556, afterMiB: 310, answers: [], nextHungry: "denied", nextUnrelatedAllowed: true },
    };
    const [latency, after, peak] = judgeIsolation(result, budgets);
    expect(latency).toMatchObject({ workload: "2 looping", measured: 30, status: "exceeded" });
    expect(after).toMatchObject({ measured: 310 / 300, status: "met" });
    expect(peak).toMatchObject({ workload: "4 × 128 MiB", measured: 0.5, status: "met" });
  });

  it("reads the budgets kept in the repository", () => {
    const kept = readBudgets();
    expect(kept.moduleBytes.goal).toBe(32768);
    expect(kept.warmOverJsonParse.goal).toBe(0.5);
    expect(kept.freshMicroseconds.goal).toBe(100);
    expect(kept.relative[0]).toMatchObject({ policy: "pod-density", to: "required-labels", goal: 2 });
    expect(kept.engineShare.warm.goal).toBe(0.05);
    expect(kept.engineShare.start.goal).toBe(0.05);
  });
});
