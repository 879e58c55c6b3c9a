// How pod-density's cost grows with the size of the host's answer: the Pods on a node
// grown to 10 … 10,000 items (copies of bench/requests/pods-on-node.json, each renamed),
// answered by the kubernetes capability as policy-evaluator would (field masks applied),
// then timed on a fresh instance per evaluation beside V8's JSON.parse of the same bytes.
import { loadavg } from "node:os";
import { join } from "node:path";
import { PolicyModule } from "../../src/host/policy-module.ts";
import type { KubernetesObject } from "../../src/kubewarden/kubernetes-object.ts";
import { measureInterleaved, type MeasureOptions } from "../../src/bench/measure.ts";
import { PolicyTarget } from "../../src/bench/policy-target.ts";
import { pairedRatio, summarise, type Summary } from "../../src/bench/statistics.ts";
import { BENCH_PROJECT } from "./bench-project.ts";
import { loadWorkloads } from "./workloads.ts";

export const ANSWER_SIZES = [10, 100, 1_000, 10_000];
export const ANSWER_POLICY = "pod-density";

/** Bounded in count (rounds, warm-up calls) and time (warm-up and batch milliseconds). */
export const ANSWER_MEASURE_OPTIONS: MeasureOptions = { warmupCalls: 500, warmupMilliseconds: 300, rounds: 100, batchMilliseconds: 2 };

export interface AnswerSizeRun {
  items: number;
  answerBytes: number;
  accepted: boolean;
  /** Per-evaluation microseconds, fresh instance. */
  fresh: Summary;
  jsonParse: Summary;
  /** Median of same-round ratios. */
  freshOverJsonParse: number;
}

export interface AnswerSizeResult {
  date: string;
  policy: string;
  workload: string;
  settings: unknown;
  options: MeasureOptions;
  /** 1-minute load average before and after. */
  loadAverage: [number, number];
  runs: AnswerSizeRun[];
}

/** `count` pods cycled from `pods`, each with its own name and uid so the list reads as distinct objects. */
export function scaledPods(pods: readonly KubernetesObject[], count: number): KubernetesObject[] {
  if (pods.length === 0) throw new Error("no pods to scale the answer from");
  return Array.from({ length: count }, (_, i) => {
    const pod = structuredClone(pods[i % pods.length]);
    pod.metadata = { ...pod.metadata, name: `${pod.metadata?.name ?? "pod"}-${i}`, uid: `00000000-0000-4000-8000-${i.toString(16).padStart(12, "0")}` };
    return pod;
  });
}

/** Items in one list answer: a check that the host sent every pod asked for. */
function itemCount(answer: Uint8Array): number {
  return (JSON.parse(new TextDecoder().decode(answer)) as { items?: unknown[] }).items?.length ?? 0;
}

export async function benchAnswerSizes(sizes = ANSWER_SIZES, options = ANSWER_MEASURE_OPTIONS): Promise<AnswerSizeResult> {
  const source = BENCH_PROJECT.policies.filter((p) => p.name === ANSWER_POLICY);
  const workload = loadWorkloads(source).find((w) => w.cluster);
  if (!workload?.cluster) throw new Error(`${ANSWER_POLICY}'s bench/workloads.yml has no workload with a cluster to grow`);
  const policy = await PolicyModule.fromFile(join(BENCH_PROJECT.folders.dist, `${ANSWER_POLICY}.wasm`));
  const pods = workload.cluster.filter((o) => o.kind === "Pod");
  const loadBefore = loadavg()[0];
  const runs: AnswerSizeRun[] = [];
  for (const items of sizes) {
    const target = new PolicyTarget(policy, { ...workload, cluster: scaledPods(pods, items) });
    const { accepted } = target.check();
    const answers = target.hostAnswers;
    const listed = answers.reduce((sum, answer) => sum + itemCount(answer), 0);
    if (listed !== items) throw new Error(`${items} pods on the node, but the host answered with ${listed} items`);
    const texts = answers.map((bytes) => new TextDecoder().decode(bytes));
    const samples = measureInterleaved({ fresh: target.fresh("validate"), jsonParse: () => texts.map((text) => JSON.parse(text)) }, options);
    const run = {
      items, accepted,
      answerBytes: answers.reduce((sum, bytes) => sum + bytes.length, 0),
      fresh: summarise(samples.fresh),
      jsonParse: summarise(samples.jsonParse),
      freshOverJsonParse: pairedRatio(samples.fresh, samples.jsonParse),
    };
    console.log(`${items} items: ${run.answerBytes} bytes, fresh median ${run.fresh.median.toFixed(0)} µs`);
    runs.push(run);
  }
  return {
    date: new Date().toISOString(), policy: ANSWER_POLICY, workload: workload.name, settings: workload.settings, options,
    loadAverage: [loadBefore, loadavg()[0]], runs,
  };
}
