// The benchmarks on the real engine: every workload of the policies' bench/workloads.yml on
// the wasmtime host (engine/, configured as policy-server), beside the floor, a
// module that receives each call and accepts it without reading it. Timing
// happens inside the engine; rounds interleave every target, so that the
// share (ours / floor - 1) compares batches taken side by side.
import { mkdirSync, renameSync, statSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { compileAssemblyScript } from "../../src/build/compile.ts";
import { ClusterState } from "../../src/host/capabilities/cluster-state.ts";
import { createHostCallHandler } from "../../src/host/capabilities/dispatcher.ts";
import type { HostCallHandler } from "../../src/host/guest.ts";
import { validationPayload } from "../../src/host/guest-answers.ts";
import { BENCH_DIR, BENCH_PROJECT } from "./bench-project.ts";
import { WasmtimeEngine, type BenchMode, type EngineModule } from "../engine/engine-process.ts";
import { WasmtimeEvaluator } from "../engine/wasmtime-evaluator.ts";
import { pairedRatio, summarise, type Summary } from "../../src/bench/statistics.ts";
import { loadWorkloads, type Workload } from "./workloads.ts";

export const FLOOR_SOURCE = join(BENCH_DIR, "floor", "accept-all.ts");

export interface EngineMeasureOptions {
  /** Untimed calls of each target before its batch size is chosen. */
  warmupCalls: number;
  rounds: number;
  batchMilliseconds: number;
}

export const DEFAULT_ENGINE_OPTIONS: EngineMeasureOptions = { warmupCalls: 200, rounds: 60, batchMilliseconds: 2 };

/** What the engine measures: validate on a kept instance, the start of a fresh one, and both (policy-server's cost per evaluation). */
export const ENGINE_MODES = ["warm", "start", "fresh"] as const satisfies readonly BenchMode[];
export type EngineMode = (typeof ENGINE_MODES)[number];

export interface FloorComparison {
  floor: Summary;
  ours: Summary;
  /** Median of same-round ratios ours / floor, minus one: what the policy adds over the floor. */
  share: number;
}

export interface EngineWorkloadResult {
  name: string;
  policy: string;
  payloadBytes: number;
  /** The policy's module as dist/ holds it, metadata included. */
  moduleBytes: number;
  modes: Record<EngineMode, FloorComparison>;
}

export interface EngineSuiteResult {
  options: EngineMeasureOptions;
  floorBytes: number;
  workloads: EngineWorkloadResult[];
}

interface Target {
  key: string;
  module: EngineModule;
  payload: Uint8Array;
  mode: EngineMode;
  handler: HostCallHandler;
  batchSize: number;
}

/** Compiles the floor module into build/. */
async function buildFloor(): Promise<string> {
  const bytes = await compileAssemblyScript(BENCH_PROJECT.root, FLOOR_SOURCE);
  const dir = join(BENCH_PROJECT.root, "build");
  mkdirSync(dir, { recursive: true });
  const path = join(dir, "floor-accept-all.wasm");
  // Renamed into place, so a run reading it beside this one never sees half a module.
  writeFileSync(`${path}.${process.pid}.partial`, bytes);
  renameSync(`${path}.${process.pid}.partial`, path);
  return path;
}

function handlerFor(workload: Workload, policy: WasmtimeEvaluator): HostCallHandler {
  const kubernetes = workload.cluster ? new ClusterState(workload.cluster) : undefined;
  return createHostCallHandler({ kubernetes, contextAwareResources: policy.metadata?.contextAwareResources });
}

async function checkAccepted(engine: WasmtimeEngine, module: EngineModule, payload: Uint8Array, handler: HostCallHandler, what: string): Promise<void> {
  const result = await engine.call(module, "validate", payload, handler);
  if (!result.ok) throw new Error(`${what}: validate failed on the wasmtime host: ${result.error}`);
  const answer = JSON.parse(new TextDecoder().decode(result.response));
  if (typeof answer?.accepted !== "boolean") throw new Error(`${what}: the wasmtime host got no verdict: ${JSON.stringify(answer)}`);
}

async function batchSizeOf(engine: WasmtimeEngine, t: Omit<Target, "batchSize">, options: EngineMeasureOptions): Promise<number> {
  const [perCall] = await engine.bench(t.module, "validate", t.payload, t.mode, { warmup: options.warmupCalls, batches: 1, batchSize: 20 }, t.handler);
  return Math.max(1, Math.round((options.batchMilliseconds * 1000) / Math.max(perCall, 0.01)));
}

export async function runEngineSuite(options: EngineMeasureOptions = DEFAULT_ENGINE_OPTIONS, workloads = loadWorkloads()): Promise<EngineSuiteResult> {
  const engine = WasmtimeEngine.start();
  try {
    const floorPath = await buildFloor();
    const floor = await engine.load(floorPath);
    const policies = new Map<string, WasmtimeEvaluator>();
    const targets: Target[] = [];
    for (const [i, workload] of workloads.entries()) {
      let policy = policies.get(workload.policy);
      if (!policy) policies.set(workload.policy, (policy = await WasmtimeEvaluator.load(engine, BENCH_PROJECT.module(workload.policy))));
      const payload = validationPayload(workload.request, workload.settings);
      const handler = handlerFor(workload, policy);
      await checkAccepted(engine, policy.module, payload, handler, workload.name);
      for (const mode of ENGINE_MODES) {
        for (const [who, module] of [["ours", policy.module], ["floor", floor]] as const) {
          const target = { key: `${i}:${mode}:${who}`, module, payload, mode, handler };
          targets.push({ ...target, batchSize: await batchSizeOf(engine, target, options) });
        }
      }
    }
    const samples = new Map<string, number[]>(targets.map((t) => [t.key, []]));
    for (let round = 0; round < options.rounds; round++) {
      for (let k = 0; k < targets.length; k++) {
        const t = targets[(round + k) % targets.length];
        const [micros] = await engine.bench(t.module, "validate", t.payload, t.mode, { warmup: 0, batches: 1, batchSize: t.batchSize }, t.handler);
        samples.get(t.key)!.push(micros);
      }
    }
    const floorBytes = (await readFile(floorPath)).length;
    return {
      options,
      floorBytes,
      workloads: workloads.map((workload, i) => {
        const comparison = (mode: EngineMode): FloorComparison => {
          const ours = samples.get(`${i}:${mode}:ours`)!, under = samples.get(`${i}:${mode}:floor`)!;
          return { floor: summarise(under), ours: summarise(ours), share: pairedRatio(ours, under) - 1 };
        };
        return {
          name: workload.name,
          policy: workload.policy,
          payloadBytes: validationPayload(workload.request, workload.settings).length,
          moduleBytes: statSync(BENCH_PROJECT.module(workload.policy)).size,
          modes: { warm: comparison("warm"), start: comparison("start"), fresh: comparison("fresh") },
        };
      }),
    };
  } finally {
    await engine.stop();
  }
}
