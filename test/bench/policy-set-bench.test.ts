// The policy set benchmark's inputs and report: a quarter of each kind, some objects
// denied, and the figures written into BENCHMARKS.md.
import { describe, expect, it } from "vitest";
import { mixedObjects, MODULE_ALIASES, POLICY_SET_DIR, type PolicySetResult } from "../../tools/bench/policy-set-bench.ts";
import { benchmarksMarkdown } from "../../tools/bench/report.ts";
import { checkAll } from "../../src/policyset/check.ts";
import { ModuleResolver } from "../../src/modules/module-resolver.ts";
import { loadPolicySet } from "../../src/policyset/policy-set.ts";
import { PROJECT } from "../support/project.ts";

describe("the policy set benchmark", () => {
  it("mixes Pods, Deployments, SQLClaims and ConfigMaps, a quarter each", () => {
    const kinds = new Map<string, number>();
    for (const o of mixedObjects()) kinds.set(o.kind!, (kinds.get(o.kind!) ?? 0) + 1);
    expect(Object.fromEntries(kinds)).toEqual({ Pod: 250, Deployment: 250, SQLClaim: 250, ConfigMap: 250 });
  });

  it("has objects that policies and the group fail, warn about and pass", async () => {
    const policies = await loadPolicySet([POLICY_SET_DIR], [], new ModuleResolver({ aliases: MODULE_ALIASES, distDir: PROJECT.folders.dist }));
    const report = checkAll(policies, mixedObjects(56).map((object, i) => ({ object, source: `object ${i}` })));
    const { counts } = report.tally;
    expect(counts.fail).toBeGreaterThan(0);
    expect(counts.warn).toBeGreaterThan(0);
    expect(counts.pass).toBeGreaterThan(counts.fail);
    const failed = new Set(report.objects.flatMap((o) => o.verdicts.filter((v) => v.result === "fail").map((v) => v.policy.key)));
    expect([...failed].sort()).toEqual(["required-labels", "workload-security"]);
  });

  it("reports the figures beside a single wardenkit run", () => {
    const summary = (median: number) => ({ samples: 3, min: median, median, p99: median, max: median });
    const result: PolicySetResult = {
      objects: 1000, policies: 5, pairs: 5005, evaluations: 1751, modulesCompiled: 4, loadMs: 900,
      check: summary(1250), perEvaluationMicroseconds: 714, checkCommand: summary(4000), runCommand: summary(700), denied: 358, loadAverage: 1.5, calibratedMs: 1100,
    };
    const markdown = benchmarksMarkdown({ date: "2026-12-01", machine: { cpu: "cpu", cores: 2, platform: "linux x64", node: "v20" }, options: { rounds: 1, batchMilliseconds: 1, warmupCalls: 1 }, calibration: summary(20), workloads: [] } as never,
      undefined, [], { moduleBytes: {}, warmOverJsonParse: {}, freshOverWarm: {}, freshMicroseconds: { calibrationMicroseconds: 20 }, relative: [] } as never, undefined, result);
    expect(markdown).toContain("| checking the 1000 objects (in process, 3 rounds) | 1.25 s | 1.25 s | 1.25 s |");
    expect(markdown).toContain("| per evaluation that reached a module | 714 µs | | |");
    expect(markdown).toContain("| one `wardenkit run` of required-labels on the Pod (3 runs, whole process) | 0.70 s |");
    expect(markdown).toContain("| the same, calibrated to the machine of bench/budgets.json (JSON.parse of the Pod request timed before each round) | 1.10 s | | |");
    expect(markdown).toContain("Goal: checking 1000 objects in under 2 s, judged on the calibrated time as the fresh budget is: met (1-minute load average 1.5 on 2 cores while measuring).");
  });
});
