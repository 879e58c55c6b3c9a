// The answer-size benchmark's parts: the pods it grows the node's list from, and where its
// section goes in BENCHMARKS.md (after the long stream's, replaced on a rerun).
import { describe, expect, it } from "vitest";
import { scaledPods, type AnswerSizeResult } from "../../tools/bench/answer-size-bench.ts";
import { ANSWER_SIZE_HEADING, withAnswerSizeSection } from "../../tools/bench/answer-size-report.ts";
import { DEFAULT_MEASURE_OPTIONS } from "../../src/bench/measure.ts";

const pod = (name: string, phase: string) => ({
  apiVersion: "v1", kind: "Pod", metadata: { name, namespace: "shop", uid: "same" }, spec: { nodeName: "n1" }, status: { phase },
});

describe("the answer-size benchmark", () => {
  it("cycles through the pods given, each copy with its own name and uid, leaving the originals alone", () => {
    const pods = [pod("web", "Running"), pod("job", "Succeeded")];
    const scaled = scaledPods(pods, 5);
    expect(scaled.map((p) => p.metadata?.name)).toEqual(["web-0", "job-1", "web-2", "job-3", "web-4"]);
    expect(new Set(scaled.map((p) => p.metadata?.uid)).size).toBe(5);
    expect(scaled.map((p) => (p.status as { phase: string }).phase)).toEqual(["Running", "Succeeded", "Running", "Succeeded", "Running"]);
    expect(scaled[0]).toMatchObject({ spec: { nodeName: "n1" }, metadata: { namespace: "shop" } });
    expect(pods[0].metadata).toEqual({ name: "web", namespace: "shop", uid: "same" });
    expect(() => scaledPods([], 3)).toThrow(/no pods/);
  });

  it("puts its section after the stream's, with bytes, times and µs per item, and replaces it when run again", () => {
    const summary = (median: number) => ({ samples: 100, min: median, median, p99: median * 2, max: median * 3 });
    const result: AnswerSizeResult = {
      date: "2026-12-06T18:30:00.000Z", policy: "pod-density", workload: "pod-density / Binding", settings: { maxPodsPerNode: 110 },
      options: DEFAULT_MEASURE_OPTIONS, loadAverage: [1.5, 2],
      runs: [{ items: 1_000, answerBytes: 734_000, accepted: false, fresh: summary(2_500), jsonParse: summary(50), freshOverJsonParse: 1.25 }],
    };
    const before = "# Benchmarks\n\n## A long stream through check (x)\n\ns\n\n## Isolation in serve (y)\n\ni\n";
    const once = withAnswerSizeSection(before, result);
    expect(once).toContain(`## A long stream through check (x)\n\ns\n\n${ANSWER_SIZE_HEADING} (tools/bench/answer-size-bench.ts, \`npm run bench:answers\`)\n`);
    expect(once).toContain("| 1,000 | 734,000 B | rejected | 2500 µs | 5000 µs | 2.50 | 50.0 µs | 100 µs | 1.3 |\n\n## Isolation in serve (y)");
    expect(once).toContain("1-minute load average 1.5 before and 2.0 after");
    const twice = withAnswerSizeSection(once, { ...result, runs: [{ ...result.runs[0], items: 10 }] });
    expect(twice.split(ANSWER_SIZE_HEADING)).toHaveLength(2);
    expect(twice).toContain("| 10 | 734,000 B |");
  });
});
