// The real-engine part of `npm run bench` on one small workload with few
// rounds: every mode is measured for the policy and the floor, and
// BENCHMARKS.md gets the table with the floor, our time and our share.
import { describe, expect, it } from "vitest";
import { runEngineSuite } from "../../tools/bench/engine-suite.ts";
import { runSuite } from "../../tools/bench/suite.ts";
import { loadWorkloads } from "../../tools/bench/workloads.ts";
import { benchmarksMarkdown } from "../../tools/bench/report.ts";
import { judge, judgeEngine, readBudgets } from "../../tools/bench/budgets.ts";

const QUICK = { warmupCalls: 5, rounds: 3, batchMilliseconds: 0.2 };

describe("the wasmtime bench suite", () => {
  it("measures a workload beside the floor module in every mode and reports the shares", async () => {
    const workloads = loadWorkloads().filter((w) => w.policy === "sql-claim-size");
    const engine = await runEngineSuite(QUICK, workloads);
    expect(engine.floorBytes).toBeGreaterThan(0);
    expect(engine.workloads).toHaveLength(1);
    const [claim] = engine.workloads;
    expect(claim.name).toBe("sql-claim-size / SQLClaim");
    for (const mode of ["warm", "start", "fresh"] as const) {
      expect(claim.modes[mode].floor.samples).toBe(3);
      expect(claim.modes[mode].ours.samples).toBe(3);
      expect(claim.modes[mode].floor.median).toBeGreaterThan(0);
      expect(Number.isFinite(claim.modes[mode].share)).toBe(true);
    }

    const budgets = { ...readBudgets(), relative: [] };
    const v8 = await runSuite({ warmupCalls: 20, warmupMilliseconds: 5, rounds: 3, batchMilliseconds: 0.1 }, workloads);
    const markdown = benchmarksMarkdown(v8, engine, [...judge(v8, budgets, () => 1), ...judgeEngine(engine, budgets)], budgets);
    expect(markdown).toContain("## On the real engine (wasmtime, as policy-server runs it)");
    expect(markdown).toMatch(/\| sql-claim-size \/ SQLClaim \| \d+ B \| 1\.1 KB \| [\d.]+ \/ [\d.]+ \| [\d.]+ \/ [\d.]+ \| -?\d+% \|/);
    expect(markdown).toContain("| wasmtime fresh evaluation share over floor | sql-claim-size / SQLClaim |");
  });
});
