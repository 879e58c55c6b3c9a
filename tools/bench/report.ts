// BENCHMARKS.md: the figures of one `npm run bench`, with the machine they were
// measured on, and the budgets' verdicts.
import { formatNumber, type Budgets, type Verdict } from "./budgets.ts";
import type { SuiteResult, WorkloadResult } from "./suite.ts";
import type { Summary } from "../../src/bench/statistics.ts";
import { POLICY_SET_GOAL_SECONDS, type PolicySetResult } from "./policy-set-bench.ts";
import type { EngineSuiteResult, EngineWorkloadResult, FloorComparison } from "./engine-suite.ts";
import type { IsolationResult } from "./isolation.ts";
import type { StartupResult } from "./startup-bench.ts";
import { startupSection } from "./startup-report.ts";
import type { StreamResult } from "./stream-bench.ts";
import { streamSection } from "./stream-report.ts";
import type { AnswerSizeResult } from "./answer-size-bench.ts";
import { answerSizeSection } from "./answer-size-report.ts";

const us = (value: number) => (value >= 100 ? value.toFixed(0) : value.toFixed(1));
const medianAndP99 = (s: Summary) => `${us(s.median)} / ${us(s.p99)}`;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

function workloadRow(w: WorkloadResult): string {
  const cells = [
    w.name, kb(w.moduleBytes), kb(w.payloadBytes + w.hostAnswerBytes), medianAndP99(w.warm), medianAndP99(w.fresh),
    medianAndP99(w.jsonParse), medianAndP99(w.typescript), formatNumber(w.ratios.warmOverJsonParse, "×"), formatNumber(w.ratios.freshOverWarm, "×"),
  ];
  return `| ${cells.join(" | ")} |`;
}

const percent = (share: number) => `${(share * 100).toFixed(0)}%`;
const floorCells = (c: FloorComparison) => [medianAndP99(c.floor), medianAndP99(c.ours), percent(c.share)];

function engineRow(w: EngineWorkloadResult): string {
  return `| ${[w.name, `${w.moduleBytes} B`, kb(w.payloadBytes), ...floorCells(w.modes.warm), ...floorCells(w.modes.start), ...floorCells(w.modes.fresh)].join(" | ")} |`;
}

/** The engine section alone, as `npm run bench:engine` rewrites it. */
export const ENGINE_HEADING = "## On the real engine (wasmtime, as policy-server runs it)";

export function engineSection(engine: EngineSuiteResult): string[] {
  const { options } = engine;
  return [
    ENGINE_HEADING,
    "",
    "The same workloads on engine/, the `wapc` and `wasmtime-provider` crates at the versions policy-server 1.36 " +
      "builds with, configured as it is (epoch interruption on, a deadline armed before every call, each module " +
      "precompiled once). Timed inside the engine, median / p99 µs of batch means " +
      `(${options.rounds} rounds of ~${options.batchMilliseconds} ms batches, every target interleaved). ` +
      `*Floor*: bench/floor/accept-all.ts (${engine.floorBytes} B), a module that receives the same payload and ` +
      "accepts it without reading it. *Share*: what ours adds over the floor, the median of same-round ratios " +
      "ours / floor − 1. *Validate*: on an instance kept across calls (kwctl bench). *Instance start*: a new " +
      "Store and instance, `_start` and `wapc_init`, and its drop, as policy-server pays for every evaluation. " +
      "*Fresh*: both, a new instance and one validate: policy-server's cost per evaluation, less its own JSON work.",
    "",
    "| workload | module | payload | validate floor | validate ours | share | start floor | start ours | share | fresh floor | fresh ours | share |",
    "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ...engine.workloads.map(engineRow),
    "",
  ];
}

function verdictRow(v: Verdict): string {
  const mark = v.status === "met" ? "met" : v.status === "within limit" ? "**not met** (within CI limit)" : "**exceeded**";
  return `| ${v.budget} | ${v.workload} | ${formatNumber(v.measured, v.unit)} | ${formatNumber(v.goal, v.unit)} | ${formatNumber(v.limit, v.unit)} | ${mark} |`;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

function policySetSection(p: PolicySetResult, cores: number): string[] {
  const met = p.calibratedMs / 1000 < POLICY_SET_GOAL_SECONDS;
  return [
    "## Policy set (tools/bench/policy-set-bench.ts)",
    "",
    `${p.objects} mixed objects (Pods, Deployments, SQLClaims, ConfigMaps; ${p.denied} of them denied) checked against the ` +
      `${p.policies} manifests of deploy/policy-set: ${p.pairs} object × policy pairs, of which ${p.evaluations} reached a module ` +
      `(the others were skipped by rules and selectors). ${p.modulesCompiled} modules compiled once; a fresh instance per evaluation, as policy-server does.`,
    "",
    "| measure | median | min | max |",
    "|---|---|---|---|",
    `| checking the ${p.objects} objects (in process, ${p.check.samples} rounds) | ${seconds(p.check.median)} | ${seconds(p.check.min)} | ${seconds(p.check.max)} |`,
    `| the same, calibrated to the machine of bench/budgets.json (JSON.parse of the Pod request timed before each round) | ${seconds(p.calibratedMs)} | | |`,
    `| per evaluation that reached a module | ${p.perEvaluationMicroseconds.toFixed(0)} µs | | |`,
    `| loading the set (manifests, CRD schemas, modules, validate_settings) | ${seconds(p.loadMs)} | | |`,
    `| \`wardenkit check -o json\` on the objects in one YAML file (${p.checkCommand.samples} runs, whole process) | ${seconds(p.checkCommand.median)} | ${seconds(p.checkCommand.min)} | ${seconds(p.checkCommand.max)} |`,
    `| one \`wardenkit run\` of required-labels on the Pod (${p.runCommand.samples} runs, whole process) | ${seconds(p.runCommand.median)} | ${seconds(p.runCommand.min)} | ${seconds(p.runCommand.max)} |`,
    "",
    `Goal: checking ${p.objects} objects in under ${POLICY_SET_GOAL_SECONDS} s, judged on the calibrated time as the fresh budget is: ` +
      `${met ? "met" : "**not met**"} (1-minute load average ${p.loadAverage.toFixed(1)} on ${cores} cores while measuring).`,
    "",
  ];
}

/** serve beside a looping and a memory-hungry policy (tools/bench/isolation.ts). */
export function isolationSection(r: IsolationResult, cores: number): string[] {
  const ms = (v: number) => (v >= 100 ? v.toFixed(0) : v.toFixed(1));
  const m = r.memory;
  return [
    "## Isolation in serve (tools/bench/isolation.ts, `npm run bench:isolation`)",
    "",
    "`wardenkit serve` in its own process on loopback, default settings (one worker per core, 2 s policy timeout, " +
      `${r.memoryCapMiB} MiB memory cap), serving required-labels, a policy that loops on every review and one that asks for 1 GiB ` +
      "(test/guest-modules). The unrelated policy's latency (2 clients sending one review after another), alone and with N looping " +
      "reviews kept in flight (each resent when answered); then serve's RSS around reviews of the memory-hungry policy sent at once.",
    "",
    `| looping reviews in flight | unrelated p50 | p99 | max | unrelated answered | failed | loop answers (all timeouts) | load (1 min, ${cores} cores) |`,
    "|---|---|---|---|---|---|---|---|",
    ...r.phases.map((p) => `| ${p.loops} | ${ms(p.latencyMs.median)} ms | ${ms(p.latencyMs.p99)} ms | ${ms(p.latencyMs.max)} ms | ${p.answered} | ${p.failed} | ${p.loopAnswers} (${p.loopTimeouts}) | ${p.load.toFixed(1)} |`),
    "",
    `${r.hungryAtOnce} reviews asking for 1 GiB each at once: RSS before ${m.beforeMiB} MiB, peak ${m.peakMiB} MiB, after ${m.afterMiB} MiB ` +
      `(2 s later). Answered: ${[...new Set(m.answers)].join("; ")}. The next review of it: ${m.nextHungry}; ` +
      `the next unrelated review ${m.nextUnrelatedAllowed ? "was allowed" : "was **not** allowed"}.`,
    "",
  ];
}

export function benchmarksMarkdown(result: SuiteResult, engine: EngineSuiteResult | undefined, verdicts: Verdict[], budgets: Budgets, buildSeconds?: number, policySet?: PolicySetResult,
  isolation?: IsolationResult, startup?: StartupResult, stream?: StreamResult, answers?: AnswerSizeResult,
): string {
  const { machine, options } = result;
  const i = budgets.isolation;
  const notes = [
    budgets.moduleBytes, budgets.warmOverJsonParse, budgets.freshOverWarm, budgets.freshMicroseconds, ...budgets.relative,
    ...(engine ? [budgets.engineShare.warm, budgets.engineShare.start, budgets.engineShare.fresh, budgets.peers] : []),
    ...(isolation ? [i.unrelatedP99OverAlone, i.rssAfterOverBefore, i.peakGrowthOverCaps] : []),
  ]
    .map((b) => b.note).filter((n): n is string => Boolean(n));
  return [
    "# Benchmarks",
    "",
    "Written by `npm run bench` (tools/bench/run-bench.ts); do not edit by hand. JSON copy: bench/results.json.",
    "",
    `Measured ${result.date.slice(0, 10)} on ${machine.cpu} (${machine.cores} cores, ${machine.platform}), Node ${machine.node}.`,
    ...(buildSeconds === undefined ? [] : [`\`npm run build\` of the policies: ${buildSeconds.toFixed(1)} s.`]),
    "",
    "Times are per call in microseconds, median / p99 of batch means " +
      `(${options.rounds} rounds of ~${options.batchMilliseconds} ms batches, after up to ${options.warmupCalls} warm-up calls each). ` +
      "Every column was measured in the same rounds, interleaved. *Warm*: validate on one instance kept across calls. " +
      "*Fresh*: a new instance and one validate, as policy-server does for every evaluation. " +
      "*JSON.parse*: V8 parsing the bytes the policy reads (the validate payload, and the host's answers). " +
      "*JavaScript*: the same rule in plain JavaScript (the policy's bench/reference.mjs): JSON.parse, check, JSON.stringify. " +
      "Ratios are medians of same-round ratios.",
    "",
    "| workload | module | input | warm | fresh | JSON.parse | JavaScript | warm / JSON.parse | fresh / warm |",
    "|---|---|---|---|---|---|---|---|---|",
    ...result.workloads.map(workloadRow),
    "",
    `Calibration (JSON.parse of bench/requests/pod.json): ${medianAndP99(result.calibration)} µs; ` +
      `the fresh budget is checked as fresh / calibration × ${budgets.freshMicroseconds.calibrationMicroseconds} µs.`,
    "",
    ...(engine ? engineSection(engine) : []),
    "## Budgets (bench/budgets.json)",
    "",
    "| budget | workload | measured | goal | CI limit | status |",
    "|---|---|---|---|---|---|",
    ...verdicts.map(verdictRow),
    "",
    ...(notes.length > 0 ? ["## Notes on the budgets", "", ...notes.map((n) => `- ${n}`), ""] : []),
    ...(policySet ? policySetSection(policySet, machine.cores) : []),
    ...(stream ? streamSection(stream) : []),
    ...(answers ? answerSizeSection(answers) : []),
    ...(isolation ? isolationSection(isolation, machine.cores) : []),
    ...(startup ? startupSection(startup) : []),
  ].join("\n");
}
