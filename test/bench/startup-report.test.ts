// The start-up section of BENCHMARKS.md, from a made-up measurement: figures only, no timing.
import { describe, expect, it } from "vitest";
import type { StartupResult } from "../../tools/bench/startup-bench.ts";
import { STARTUP_HEADING, withStartupSection } from "../../tools/bench/startup-report.ts";
import { summarise } from "../../src/bench/statistics.ts";

const seconds = (median: number) => summarise([median]);
const result: StartupResult = {
  date: "2026-12-02T02:00:00.000Z", rounds: 1, loadAverage: [1.5, 2], node: seconds(0.05), runArgs: "run x --request r.json",
  variants: [
    { name: "bin/wardenkit.mjs", help: [{ args: "--help", seconds: seconds(0.9) }, { args: "run --help", seconds: seconds(1.2) }], run: seconds(1.4) },
    { name: "compiled", help: [{ args: "--help", seconds: seconds(0.1) }, { args: "run --help", seconds: seconds(0.12) }], run: seconds(0.3) },
  ],
};

describe("the start-up section", () => {
  it("has a row per command and the goals' verdicts for each bin", () => {
    const text = withStartupSection("# Benchmarks\n", result);
    expect(text).toContain(`\n\n${STARTUP_HEADING}\n`);
    expect(text).toContain("| `run --help` | 1.20 s | 0.12 s |");
    expect(text).toContain("| slowest --help: goal 0.3 s | 1.20 s **not met** (1.15 s over node) | 0.12 s met (0.07 s over node) |");
    expect(text).toContain("| run: goal 0.5 s | 1.40 s **not met** (1.35 s over node) | 0.30 s met (0.25 s over node) |");
    expect(text).toContain("load average 1.5 before and 2.0 after");
  });

  it("replaces the section in place, keeping what follows", () => {
    const first = withStartupSection("# Benchmarks\n\n## Budgets\n\nx\n", result);
    const moved = withStartupSection(first.replace("## Budgets\n\nx\n", "") + "\n## Later\n\ny\n", { ...result, rounds: 7 });
    expect(moved.match(new RegExp(STARTUP_HEADING, "g"))).toHaveLength(1);
    expect(moved).toContain("median of 7 rounds");
    expect(moved.endsWith("## Later\n\ny\n")).toBe(true);
  });
});
