// `wardenkit audit` at cluster scale: a real kube-apiserver and etcd started for the run
// (tools/kube-control-plane.ts), the policy set's mix of objects (Pods, Deployments, SQLClaims
// and ConfigMaps, every seventh breaking a policy: policy-set-bench.ts's mixedObjects) created
// through the API in bounded concurrent batches, then audited against deploy/policy-set by the
// package's bin, as a user runs it, timed by GNU time for its wall clock and peak resident
// memory. The counts grow in one namespace (1,000, then 9,000 more for 10,000), and the largest
// is audited once more with --report, writing its OpenReports reports; at the end the control
// plane is stopped and its data removed, which removes every object it made.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join, relative } from "node:path";
import { ApiException, KubernetesObjectApi, type KubernetesObject } from "@kubernetes/client-node";
import { eachBounded } from "../../src/audit/bounded-each.ts";
import { REPORT_CRD_FILES } from "../../src/audit/report-schema.ts";
import { clusterUser, installCrdFile, pidsFile, startOnFreePorts, stopProcesses, type KubeApiServerState } from "../kube-control-plane.ts";
import { BENCH_PROJECT, WARDENKIT_BIN } from "./bench-project.ts";
import { mixedObjects, moduleFlags, POLICY_SET_DIR } from "./policy-set-bench.ts";
import { parseGnuTime } from "./stream-bench.ts";

export const AUDIT_OBJECTS = [1_000, 10_000];
/** Objects created at once: enough to keep the API server busy, few enough not to queue for long. */
const CREATES_IN_FLIGHT = 16;
/** The goal: 10,000 objects audited in under a minute. */
export const AUDIT_GOAL_OBJECTS_PER_SECOND = 10_000 / 60;
const GNU_TIME = "/usr/bin/time";
const NAMESPACE = "wardenkit-e2e";

export interface AuditRun {
  objects: number;
  /** Whether the audit also wrote its reports into the cluster (`--report`), and how many. */
  reportsWritten?: number;
  /** Seconds to create this run's new objects through the API. */
  createSeconds: number;
  exitCode: number;
  seconds: number;
  peakRssMiB: number;
  /** The audit's own counts of results (pass, fail, …). */
  counts: Record<string, number>;
  objectsPerSecond: number;
}

export interface AuditBenchResult {
  date: string;
  /** 1-minute load average before and after: the machine may be shared. */
  loadAverage: [number, number];
  /** The command as timed. */
  command: string;
  runs: AuditRun[];
}

function auditArgs(): string[] {
  return ["audit", "--policies", relative(BENCH_PROJECT.root, POLICY_SET_DIR), ...moduleFlags(), "-o", "json"];
}

/** Probes the API server refuses on an init container that is not a sidecar (restartPolicy Always). */
const INIT_CONTAINER_PROBES = ["livenessProbe", "readinessProbe", "startupProbe"];

/**
 * What the API server takes on create: the bench requests' objects less what only the server
 * sets, and less the probes of init containers, which the request fixture has and
 * kube-apiserver's validation refuses.
 */
function creatable(object: KubernetesObject): KubernetesObject {
  const { uid: _uid, creationTimestamp: _created, resourceVersion: _version, generateName: _generate, ...metadata } = object.metadata as Record<string, unknown>;
  type PodSpec = { initContainers?: Record<string, unknown>[] };
  const { status: _status, ...rest } = structuredClone(object) as KubernetesObject & { status?: unknown; spec?: PodSpec & { template?: { spec?: PodSpec } } };
  const podSpec = rest.kind === "Pod" ? rest.spec : rest.spec?.template?.spec;
  for (const init of podSpec?.initContainers ?? []) if (init.restartPolicy !== "Always") for (const probe of INIT_CONTAINER_PROBES) delete init[probe];
  return { ...rest, metadata } as KubernetesObject;
}

async function prepareCluster(state: KubeApiServerState, api: KubernetesObjectApi): Promise<void> {
  await installCrdFile(state, api, join(BENCH_PROJECT.folders.deploy, "kind", "sqlclaim-crd.yaml"));
  for (const file of Object.values(REPORT_CRD_FILES)) await installCrdFile(state, api, join(BENCH_PROJECT.folders.deploy, "crds", file));
  await api.create({ apiVersion: "v1", kind: "Namespace", metadata: { name: NAMESPACE } });
  // No controller-manager makes them: the ServiceAccount admission plugin wants the pods' own.
  for (const name of ["default", "checkout"]) await api.create({ apiVersion: "v1", kind: "ServiceAccount", metadata: { name, namespace: NAMESPACE } } as KubernetesObject);
}

/** Creates the objects, CREATES_IN_FLIGHT at a time; the first refusal stops the bench. */
async function createObjects(api: KubernetesObjectApi, objects: KubernetesObject[]): Promise<number> {
  const started = performance.now();
  await eachBounded(objects, CREATES_IN_FLIGHT, async (object) => {
    try {
      await api.create(creatable(object));
    } catch (err) {
      const why = err instanceof ApiException ? `HTTP ${err.code}: ${typeof err.body === "string" ? err.body : JSON.stringify(err.body)}` : (err as Error).message;
      throw new Error(`cannot create ${object.kind} ${object.metadata?.name}: ${why}`);
    }
  });
  return (performance.now() - started) / 1000;
}

function timedAudit(kubeconfig: string, output: string, report: boolean, cpuProfileDir?: string): Omit<AuditRun, "objects" | "createSeconds" | "objectsPerSecond"> {
  const profiling = cpuProfileDir ? ["--cpu-prof", `--cpu-prof-dir=${cpuProfileDir}`] : [];
  const args = [...auditArgs(), ...(report ? ["--report"] : [])];
  const run = spawnSync("sh", ["-c", `exec "$0" "$@" > "${output}"`, GNU_TIME, "-v", process.execPath, ...profiling, WARDENKIT_BIN, ...args], {
    cwd: BENCH_PROJECT.root, encoding: "utf8", stdio: ["ignore", "ignore", "pipe"], env: { ...process.env, KUBECONFIG: kubeconfig },
  });
  if (run.error) throw new Error(`${GNU_TIME} could not be started (GNU time is needed): ${run.error.message}`);
  // 1: some objects break a policy, as intended; anything else is a failure of the audit.
  if (run.status !== 0 && run.status !== 1) throw new Error(`audit exited ${run.status}: ${run.stderr}`);
  const { counts, reports } = JSON.parse(readFileSync(output, "utf8")) as { counts: Record<string, number>; reports?: { written: number; failed: unknown[] } };
  if (reports?.failed.length) throw new Error(`${reports.failed.length} reports not written: ${JSON.stringify(reports.failed.slice(0, 3))}`);
  return { exitCode: run.status, counts, ...(reports ? { reportsWritten: reports.written } : {}), ...parseGnuTime(run.stderr) };
}

/** `cpuProfileDir`: V8 CPU profiles of each audit (every thread) are written there, to see what it spends its time on. */
export async function benchAudit(counts = AUDIT_OBJECTS, cpuProfileDir?: string): Promise<AuditBenchResult> {
  const dir = mkdtempSync(join(tmpdir(), "wardenkit-audit-bench-"));
  const before = loadavg()[0];
  const runs: AuditRun[] = [];
  try {
    const state = await startOnFreePorts(dir, process.pid);
    const admin = clusterUser(state, dir);
    const api = KubernetesObjectApi.makeApiClient(admin.kubeConfig);
    await prepareCluster(state, api);
    const objects = mixedObjects(Math.max(...counts));
    let created = 0;
    for (const count of [...counts].sort((a, b) => a - b)) {
      const createSeconds = await createObjects(api, objects.slice(created, count));
      created = count;
      const audit = timedAudit(admin.kubeconfig, join(dir, `audit-${count}.json`), false, cpuProfileDir);
      runs.push({ objects: count, createSeconds, ...audit, objectsPerSecond: count / audit.seconds });
    }
    // The largest once more, writing its reports: what --report adds.
    const reported = timedAudit(admin.kubeconfig, join(dir, "audit-report.json"), true, cpuProfileDir);
    runs.push({ objects: created, createSeconds: 0, ...reported, objectsPerSecond: created / reported.seconds });
  } finally {
    if (existsSync(pidsFile(dir))) await stopProcesses(JSON.parse(readFileSync(pidsFile(dir), "utf8")) as number[]);
    rmSync(dir, { recursive: true, force: true });
  }
  return {
    date: new Date().toISOString(),
    loadAverage: [before, loadavg()[0]],
    command: `KUBECONFIG=<the bench's cluster> ${GNU_TIME} -v node bin/wardenkit.mjs ${auditArgs().join(" ")} > audit.json`,
    runs,
  };
}
