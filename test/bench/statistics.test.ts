// Order statistics of timing samples and same-round ratios.
import { describe, expect, it } from "vitest";
import { median, pairedRatio, quantile, summarise } from "../../src/bench/statistics.ts";
import { measureInterleaved } from "../../src/bench/measure.ts";

describe("statistics", () => {
  it("summarises samples into min, median, p99 and max", () => {
    const values = Array.from({ length: 101 }, (_, i) => 100 - i); // 0..100, unsorted
    expect(summarise(values)).toEqual({ samples: 101, min: 0, median: 50, p99: 99, max: 100 });
  });

  it("interpolates quantiles between neighbours", () => {
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([7], 0.99)).toBe(7);
    expect(median([3, 1, 2])).toBe(2);
  });

  it("refuses to summarise nothing", () => {
    expect(() => summarise([])).toThrow("no samples");
  });

  it("takes the median of same-round ratios, so one noisy round does not move it", () => {
    const reference = [10, 10, 100, 10, 10];
    const candidate = [5, 5, 500, 5, 5];
    expect(pairedRatio(candidate, reference)).toBe(0.5);
  });
});

describe("interleaved measurement", () => {
  it("gives every operation one sample per round", () => {
    let calls = 0;
    const samples = measureInterleaved(
      { a: () => calls++, b: () => Math.sqrt(calls) },
      { warmupCalls: 10, warmupMilliseconds: 5, rounds: 7, batchMilliseconds: 0.05 },
    );
    expect(samples.a).toHaveLength(7);
    expect(samples.b).toHaveLength(7);
    expect(samples.a.every((t) => t >= 0 && Number.isFinite(t))).toBe(true);
  });
});
