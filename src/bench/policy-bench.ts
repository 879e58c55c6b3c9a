// `wardenkit bench` on one module: validate_settings and validate, each on a
// warm instance and on a fresh instance per evaluation, timed side by side.
import type { PolicyModule } from "../host/policy-module.ts";
import { measureInterleaved, type MeasureOptions } from "./measure.ts";
import { PolicyTarget, type BenchInput, type WapcOperation } from "./policy-target.ts";
import { summarise, type Summary } from "./statistics.ts";

export const OPERATIONS: WapcOperation[] = ["validate_settings", "validate"];
export const INSTANCES = ["warm", "fresh"] as const;
export type InstanceKind = (typeof INSTANCES)[number];

export interface PolicyBenchResult {
  /** The module as the command line named it: its path from the working directory, or its reference. */
  module: string;
  moduleBytes: number;
  node: string;
  date: string;
  options: MeasureOptions;
  /** Microseconds per call, from batch means. */
  operations: Record<WapcOperation, Record<InstanceKind, Summary>>;
}

export function benchPolicy(policy: PolicyModule, moduleShown: string, input: BenchInput, options: MeasureOptions): PolicyBenchResult {
  const target = new PolicyTarget(policy, input);
  target.check();
  const samples = measureInterleaved(
    Object.fromEntries(OPERATIONS.flatMap((op) => INSTANCES.map((kind) => [`${op}:${kind}`, target[kind](op)]))),
    options,
  );
  const summaries = (op: WapcOperation) =>
    Object.fromEntries(INSTANCES.map((kind) => [kind, summarise(samples[`${op}:${kind}`])])) as Record<InstanceKind, Summary>;
  return {
    module: moduleShown,
    moduleBytes: policy.bytes.length,
    node: process.version,
    date: new Date().toISOString(),
    options,
    operations: { validate_settings: summaries("validate_settings"), validate: summaries("validate") },
  };
}

const us = (value: number) => value.toFixed(value >= 100 ? 0 : 2);

export function formatPolicyBench(result: PolicyBenchResult): string {
  const { options } = result;
  const lines = [
    `${result.module} (${result.moduleBytes} bytes), Node ${result.node}: µs per call over ${options.rounds} batches of ~${options.batchMilliseconds} ms`,
    "operation          instance       min    median       p99       max",
  ];
  for (const op of OPERATIONS) {
    for (const kind of INSTANCES) {
      const s = result.operations[op][kind];
      lines.push(`${op.padEnd(18)} ${kind.padEnd(8)} ${[s.min, s.median, s.p99, s.max].map((v) => us(v).padStart(9)).join(" ")}`);
    }
  }
  return lines.join("\n");
}
