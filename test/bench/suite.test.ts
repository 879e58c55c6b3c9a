// The suite behind `npm run bench` on one small workload with few rounds:
// the policy and its reference rule in plain JavaScript agree, and the result has the
// shape BENCHMARKS.md and bench/results.json are written from.
import { describe, expect, it } from "vitest";
import { runSuite, withoutSamples } from "../../tools/bench/suite.ts";
import { loadWorkloads } from "../../tools/bench/workloads.ts";
import { benchmarksMarkdown } from "../../tools/bench/report.ts";
import { judge, readBudgets } from "../../tools/bench/budgets.ts";
import { PROJECT } from "../support/project.ts";

const QUICK = { warmupCalls: 20, warmupMilliseconds: 5, rounds: 3, batchMilliseconds: 0.1 };

describe("the bench suite", () => {
  it("measures a workload beside its references and reports every figure", async () => {
    const workloads = loadWorkloads().filter((w) => w.policy === "sql-claim-size");
    const result = await runSuite(QUICK, workloads);
    expect(result.workloads).toHaveLength(1);
    const [claim] = result.workloads;
    expect(claim).toMatchObject({ name: "sql-claim-size / SQLClaim", accepted: true, hostAnswerBytes: 0 });
    for (const kind of ["warm", "fresh", "jsonParse", "typescript"] as const) expect(claim[kind].samples).toBe(3);
    for (const ratio of Object.values(claim.ratios)) expect(ratio).toBeGreaterThan(0);
    expect(withoutSamples(result).workloads[0]).not.toHaveProperty("warmSamples");

    const budgets = { ...readBudgets(), relative: [] };
    const markdown = benchmarksMarkdown(result, undefined, judge(result, budgets, () => 1), budgets, 12.3);
    expect(markdown).toContain("| sql-claim-size / SQLClaim |");
    expect(markdown).toContain("`npm run build` of the policies: 12.3 s.");
  });

  it("lists every policy's realistic request, with 100 pods on the Binding's node", () => {
    const workloads = loadWorkloads();
    expect(new Set(workloads.map((w) => w.policy))).toEqual(new Set(PROJECT.policies.map((p) => p.name)));
    expect(workloads.find((w) => w.policy === "pod-density")?.cluster).toHaveLength(100);
  });
});
