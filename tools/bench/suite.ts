// `npm run bench` and `npm run bench:check` measure the same suite: every
// workload of every policy's bench/workloads.yml on a warm and a fresh instance,
// beside two references on the same bytes (V8's JSON.parse, and the rule in plain
// JavaScript of its bench/reference.mjs), all interleaved in one run so that ratios
// compare like with like.
import { cpus, platform, arch } from "node:os";
import { join } from "node:path";
import { PolicyModule } from "../../src/host/policy-module.ts";
import { BENCH_PROJECT } from "./bench-project.ts";
import { measureInterleaved, type MeasureOptions, type Operation } from "../../src/bench/measure.ts";
import { PolicyTarget } from "../../src/bench/policy-target.ts";
import { loadReferenceRule } from "./reference-rules.ts";
import { pairedRatio, summarise, type Summary } from "../../src/bench/statistics.ts";
import { loadWorkloads, readBenchRequest, type Workload } from "./workloads.ts";

export interface WorkloadResult {
  name: string;
  policy: string;
  moduleBytes: number;
  payloadBytes: number;
  /** Bytes the host returned to the policy (kubernetes reads). */
  hostAnswerBytes: number;
  accepted: boolean;
  /** Per-call microseconds, from batch means. */
  warm: Summary;
  fresh: Summary;
  jsonParse: Summary;
  typescript: Summary;
  /** Medians of same-round ratios. */
  ratios: { warmOverJsonParse: number; warmOverTypescript: number; freshOverWarm: number; freshOverCalibration: number };
  /** Warm samples, kept in memory for ratios between workloads; not written out. */
  warmSamples?: number[];
}

export interface SuiteResult {
  date: string;
  machine: { cpu: string; cores: number; platform: string; node: string };
  options: MeasureOptions;
  /** JSON.parse of the Pod request: a fixed workload that scales absolute budgets to this machine. */
  calibration: Summary;
  workloads: WorkloadResult[];
}

/** The fixed reference workload: V8 parsing the Pod request of bench/requests. */
export const CALIBRATION_REQUEST = "pod.json";

const decoder = new TextDecoder();

interface Prepared {
  workload: Workload;
  target: PolicyTarget;
  accepted: boolean;
  operations: Record<"warm" | "fresh" | "jsonParse" | "typescript", Operation>;
}

async function prepare(workload: Workload, modules: Map<string, PolicyModule>, distDir: string): Promise<Prepared> {
  let policy = modules.get(workload.policy);
  if (!policy) modules.set(workload.policy, (policy = await PolicyModule.fromFile(join(distDir, `${workload.policy}.wasm`))));
  const target = new PolicyTarget(policy, workload);
  const { accepted } = target.check();
  const payload = decoder.decode(target.payloads.validate);
  const answers = target.hostAnswers.map((bytes) => decoder.decode(bytes));
  const rule = await loadReferenceRule(workload.source);
  const expected = JSON.parse(rule(payload, answers)).accepted;
  if (expected !== accepted) throw new Error(`${workload.name}: the policy and its reference rule disagree (accepted ${accepted} vs ${expected})`);
  return {
    workload, target, accepted,
    operations: {
      warm: target.warm("validate"),
      fresh: target.fresh("validate"),
      // Everything the policy reads: the payload and what the host answered.
      jsonParse: () => [JSON.parse(payload), ...answers.map((text) => JSON.parse(text))],
      typescript: () => rule(payload, answers),
    },
  };
}

export async function runSuite(options: MeasureOptions, workloads = loadWorkloads(), distDir = BENCH_PROJECT.folders.dist): Promise<SuiteResult> {
  const modules = new Map<string, PolicyModule>();
  const prepared: Prepared[] = [];
  for (const workload of workloads) prepared.push(await prepare(workload, modules, distDir));
  const calibrationText = JSON.stringify(readBenchRequest(CALIBRATION_REQUEST));
  const operations: Record<string, Operation> = { calibration: () => JSON.parse(calibrationText) };
  prepared.forEach((p, i) => {
    for (const [kind, operation] of Object.entries(p.operations)) operations[`${i}:${kind}`] = operation;
  });
  const samples = measureInterleaved(operations, options);
  const cpu = cpus();
  return {
    date: new Date().toISOString(),
    machine: { cpu: cpu[0]?.model ?? "unknown", cores: cpu.length, platform: `${platform()} ${arch()}`, node: process.version },
    options,
    calibration: summarise(samples.calibration),
    workloads: prepared.map((p, i) => {
      const of = (kind: string) => samples[`${i}:${kind}`];
      return {
        name: p.workload.name,
        policy: p.workload.policy,
        moduleBytes: p.target.policy.bytes.length,
        payloadBytes: p.target.payloads.validate.length,
        hostAnswerBytes: p.target.hostAnswers.reduce((sum, bytes) => sum + bytes.length, 0),
        accepted: p.accepted,
        warm: summarise(of("warm")),
        fresh: summarise(of("fresh")),
        jsonParse: summarise(of("jsonParse")),
        typescript: summarise(of("typescript")),
        ratios: {
          warmOverJsonParse: pairedRatio(of("warm"), of("jsonParse")),
          warmOverTypescript: pairedRatio(of("warm"), of("typescript")),
          freshOverWarm: pairedRatio(of("fresh"), of("warm")),
          freshOverCalibration: pairedRatio(of("fresh"), samples.calibration),
        },
        warmSamples: of("warm"),
      };
    }),
  };
}

/** Warm validate of one workload over another's, paired round by round. */
export function warmRatio(a: WorkloadResult, b: WorkloadResult): number {
  if (!a.warmSamples || !b.warmSamples) throw new Error("the warm samples of this run were not kept");
  return pairedRatio(a.warmSamples, b.warmSamples);
}

/** The result without its raw samples, as written to disk. */
export function withoutSamples(result: SuiteResult): SuiteResult {
  return { ...result, workloads: result.workloads.map(({ warmSamples: _, ...rest }) => rest) };
}
