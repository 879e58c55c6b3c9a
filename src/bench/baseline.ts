// Comparing a `wardenkit bench` run with a saved one (`--json` output): a
// median slower than the baseline's by more than the threshold is a regression.
import { readFileSync } from "node:fs";
import { INSTANCES, OPERATIONS, type PolicyBenchResult } from "./policy-bench.ts";

export interface Comparison {
  operation: string;
  instance: string;
  baseline: number;
  current: number;
  /** Percent change of the median; positive is slower. */
  changePercent: number;
  regressed: boolean;
}

export function readBaseline(path: string): PolicyBenchResult {
  let parsed: PolicyBenchResult;
  try {
    parsed = JSON.parse(readFileSync(path, "utf8"));
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    throw new Error(`cannot read the baseline ${path}: ${reason}`);
  }
  for (const op of OPERATIONS) {
    for (const kind of INSTANCES) {
      if (typeof parsed?.operations?.[op]?.[kind]?.median !== "number") {
        throw new Error(`${path} is not a saved \`wardenkit bench --json\` run: it has no ${op} ${kind} median`);
      }
    }
  }
  return parsed;
}

export function compareWithBaseline(current: PolicyBenchResult, baseline: PolicyBenchResult, maxRegressionPercent: number): Comparison[] {
  return OPERATIONS.flatMap((op) =>
    INSTANCES.map((kind) => {
      const before = baseline.operations[op][kind].median;
      const now = current.operations[op][kind].median;
      const changePercent = (now / before - 1) * 100;
      return { operation: op, instance: kind, baseline: before, current: now, changePercent, regressed: changePercent > maxRegressionPercent };
    }),
  );
}

export function formatComparisons(comparisons: Comparison[], maxRegressionPercent: number): string {
  const lines = [`median µs per call against the baseline (at most +${maxRegressionPercent}% allowed)`, "operation          instance   baseline   current    change"];
  for (const c of comparisons) {
    const change = `${c.changePercent >= 0 ? "+" : ""}${c.changePercent.toFixed(1)}%`;
    lines.push(`${c.operation.padEnd(18)} ${c.instance.padEnd(8)} ${c.baseline.toFixed(2).padStart(9)} ${c.current.toFixed(2).padStart(9)} ${change.padStart(9)}${c.regressed ? "  REGRESSION" : ""}`);
  }
  return lines.join("\n");
}
