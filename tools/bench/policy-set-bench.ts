// The policy set benchmark: 1,000 mixed objects (Pods, Deployments, SQLClaims, ConfigMaps,
// a quarter of each, some of them denied) checked against the manifests of deploy/policy-set,
// in process and as the `wardenkit check` command, beside one `wardenkit run`.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import type { KubernetesObject } from "../../src/kubewarden/kubernetes-object.ts";
import { checkAll } from "../../src/policyset/check.ts";
import { ModuleResolver } from "../../src/modules/module-resolver.ts";
import { loadPolicySet } from "../../src/policyset/policy-set.ts";
import { BENCH_DIR, BENCH_PROJECT, WARDENKIT_BIN } from "./bench-project.ts";
import type { SourcedObject } from "../../src/inputs/object-files.ts";
import { readFileSync } from "node:fs";
import { readBudgets } from "./budgets.ts";
import { CALIBRATION_REQUEST } from "./suite.ts";
import { summarise, type Summary } from "../../src/bench/statistics.ts";
import { readBenchRequest } from "./workloads.ts";

export const POLICY_SET_DIR = join(BENCH_PROJECT.folders.deploy, "policy-set");
export const POLICY_SET_OBJECTS = 1000;
export const POLICY_SET_GOAL_SECONDS = 2;
const NAMESPACE = "wardenkit-e2e";
const ROUNDS = 5;
const COMMAND_RUNS = 3;

export interface PolicySetResult {
  objects: number;
  policies: number;
  /** Object × policy pairs, and how many of them reached a module (the others were skipped by matching). */
  pairs: number;
  evaluations: number;
  modulesCompiled: number;
  /** Milliseconds: loading the set (manifests, modules, settings), then checking every object once. */
  loadMs: number;
  check: Summary;
  /** Microseconds per evaluation that reached a module, from the median check. */
  perEvaluationMicroseconds: number;
  /** Wall-clock milliseconds of `wardenkit check` on the objects in one file, and of one `wardenkit run`. */
  checkCommand: Summary;
  runCommand: Summary;
  denied: number;
  /** The machine's 1-minute load average when the check was measured: a shared machine slows every figure. */
  loadAverage: number;
  /**
   * The check's median round as it would take on the machine where the budgets were set: each
   * round divided by a JSON.parse of the calibration request timed just before it, times that
   * parse's time there (bench/budgets.json calibrationMicroseconds), as the fresh budget is judged.
   */
  calibratedMs: number;
}

const CALIBRATION_PARSES = 200;

/** Microseconds of one JSON.parse of the calibration request, averaged over a batch. */
function calibrationMicroseconds(text: string): number {
  const started = performance.now();
  for (let i = 0; i < CALIBRATION_PARSES; i++) JSON.parse(text);
  return ((performance.now() - started) * 1000) / CALIBRATION_PARSES;
}

/** The set's module lines, each answered by the project's own build of that policy. */
export const MODULE_ALIASES = Object.fromEntries(BENCH_PROJECT.policies.map(({ name }) => [`registry://ghcr.io/wardenkit/policies/${name}:v${BENCH_PROJECT.version}`, name]));

/** MODULE_ALIASES as `wardenkit check` flags. */
export function moduleFlags(): string[] {
  return Object.entries(MODULE_ALIASES).flatMap(([module, policy]) => ["--module", `${module}=${policy}`]);
}

function objectOf(file: string): KubernetesObject {
  return readBenchRequest(file).object as KubernetesObject;
}

/** The i-th object of the mix: every seventh one breaks a policy (unlabelled, root, or a large claim). */
export function mixedObjects(count = POLICY_SET_OBJECTS): KubernetesObject[] {
  const templates = [objectOf("pod.json"), objectOf("deployment.json"), objectOf("sqlclaim.json")];
  const configMap = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "cm", labels: { app: "shop", owner: "team-shop" } }, data: { mode: "fast", region: "eu-west-1" } };
  return Array.from({ length: count }, (_, i) => {
    const base = structuredClone(i % 4 === 3 ? configMap : templates[i % 4]) as KubernetesObject & { spec?: Record<string, unknown> };
    base.metadata = { ...base.metadata, name: `${base.kind!.toLowerCase()}-${i}`, namespace: NAMESPACE };
    if (i % 7 === 0) {
      if (base.kind === "SQLClaim") (base.spec as { parameters: { size: string } }).parameters.size = "large";
      else if (base.kind === "ConfigMap" || base.kind === "Pod") delete base.metadata.labels;
      else ((base.spec as { template: { spec: { securityContext: object } } }).template.spec.securityContext = { runAsUser: 0 });
    }
    return base;
  });
}

function wallMilliseconds(args: string[]): number {
  const started = performance.now();
  const run = spawnSync(process.execPath, [WARDENKIT_BIN, ...args], { cwd: BENCH_PROJECT.root, encoding: "utf8", stdio: ["ignore", "ignore", "pipe"] });
  if (run.status === null || run.status > 1) throw new Error(`wardenkit ${args[0]} failed: ${run.stderr}`);
  return performance.now() - started;
}

export async function benchPolicySet(): Promise<PolicySetResult> {
  const objects = mixedObjects();
  const inputs: SourcedObject[] = objects.map((object, i) => ({ object, source: `object ${i + 1}` }));
  const loadStarted = performance.now();
  const resolver = new ModuleResolver({ aliases: MODULE_ALIASES, distDir: BENCH_PROJECT.folders.dist });
  const policies = await loadPolicySet([POLICY_SET_DIR], [], resolver);
  const loadMs = performance.now() - loadStarted;
  const namespace: SourcedObject = { object: { apiVersion: "v1", kind: "Namespace", metadata: { name: NAMESPACE } }, source: "namespace" };
  const samples: number[] = [], calibrated: number[] = [];
  const calibrationText = readFileSync(join(BENCH_DIR, "requests", CALIBRATION_REQUEST), "utf8");
  const reference = readBudgets().freshMicroseconds.calibrationMicroseconds;
  let report = checkAll(policies, [namespace, ...inputs]);
  for (let round = 0; round < ROUNDS; round++) {
    const parse = calibrationMicroseconds(calibrationText);
    const started = performance.now();
    report = checkAll(policies, [namespace, ...inputs]);
    samples.push(performance.now() - started);
    calibrated.push((samples[round] / parse) * reference);
  }
  const check = summarise(samples);
  const loadAverage = loadavg()[0];
  const { counts, denied } = report.tally;
  const evaluations = counts.pass + counts.fail + counts.warn;

  const dir = mkdtempSync(join(tmpdir(), "wardenkit-policy-set-bench-"));
  try {
    const file = join(dir, "objects.yaml");
    writeFileSync(file, [namespace.object, ...objects].map((o) => stringify(o)).join("---\n"));
    const checkCommand = summarise(Array.from({ length: COMMAND_RUNS }, () => wallMilliseconds(["check", "--policies", POLICY_SET_DIR, ...moduleFlags(), "-o", "json", file])));
    const runCommand = summarise(Array.from({ length: COMMAND_RUNS }, () => wallMilliseconds(["run", "required-labels", "--request", join(BENCH_DIR, "requests", "pod.json"), "--settings", '{"requiredLabels":["app"]}'])));
    return {
      objects: objects.length,
      policies: policies.length,
      pairs: report.objects.length * policies.length,
      evaluations,
      modulesCompiled: resolver.compiled,
      loadMs,
      check,
      perEvaluationMicroseconds: (check.median * 1000) / evaluations,
      checkCommand,
      runCommand,
      denied,
      loadAverage,
      calibratedMs: summarise(calibrated).median,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
