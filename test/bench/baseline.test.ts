// Comparing a run with a saved one: only a median past the threshold regresses.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { compareWithBaseline, formatComparisons, readBaseline } from "../../src/bench/baseline.ts";
import type { PolicyBenchResult } from "../../src/bench/policy-bench.ts";
import { DEFAULT_MEASURE_OPTIONS } from "../../src/bench/measure.ts";

const work = mkdtempSync(join(tmpdir(), "wardenkit-baseline-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function run(validateWarm: number): PolicyBenchResult {
  const summary = (median: number) => ({ samples: 10, min: median, median, p99: median, max: median });
  return {
    module: "dist/x.wasm", moduleBytes: 1000, node: "v20", date: "2026-01-01T00:00:00Z", options: DEFAULT_MEASURE_OPTIONS,
    operations: {
      validate_settings: { warm: summary(2), fresh: summary(40) },
      validate: { warm: summary(validateWarm), fresh: summary(60) },
    },
  };
}

describe("baseline comparison", () => {
  it("flags a median slower than the threshold allows", () => {
    const comparisons = compareWithBaseline(run(13), run(10), 20);
    const validate = comparisons.find((c) => c.operation === "validate" && c.instance === "warm")!;
    expect(validate.changePercent).toBeCloseTo(30);
    expect(validate.regressed).toBe(true);
    expect(comparisons.filter((c) => c.regressed)).toHaveLength(1);
    expect(formatComparisons(comparisons, 20)).toMatch(/validate\s+warm\s+10\.00\s+13\.00\s+\+30\.0%\s+REGRESSION/);
  });

  it("lets a change within the threshold, or a speed-up, pass", () => {
    expect(compareWithBaseline(run(11), run(10), 20).some((c) => c.regressed)).toBe(false);
    expect(compareWithBaseline(run(5), run(10), 0).some((c) => c.regressed)).toBe(false);
  });

  it("reads a saved run and refuses a file that is not one", () => {
    const good = join(work, "good.json");
    writeFileSync(good, JSON.stringify(run(10)));
    expect(readBaseline(good).operations.validate.warm.median).toBe(10);
    const bad = join(work, "bad.json");
    writeFileSync(bad, JSON.stringify({ operations: {} }));
    expect(() => readBaseline(bad)).toThrow("is not a saved `wardenkit bench --json` run: it has no validate_settings warm median");
    expect(() => readBaseline(join(work, "missing.json"))).toThrow("cannot read the baseline");
  });
});
