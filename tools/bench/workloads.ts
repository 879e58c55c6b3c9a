// The realistic requests of `npm run bench`: every policy's bench/workloads.yml lists
// requests (paths relative to that file), each with its settings (the policy's settings.yml
// when none are given) and the cluster the host answers from. A policy without the file
// fails the bench, naming it, so no policy escapes its budgets.
import { dirname, join, resolve } from "node:path";
import { readPolicySettings, requirePolicyFile, type PolicySource } from "../../src/project/policies.ts";
import { toAdmissionRequest } from "../../src/host/admission-request.ts";
import { flattenObjects, readClusterObjects, readDocument } from "../../src/inputs/documents.ts";
import { BENCH_DIR, BENCH_PROJECT } from "./bench-project.ts";
import type { BenchInput } from "../../src/bench/policy-target.ts";

const REQUESTS_DIR = join(BENCH_DIR, "requests");
const ENTRY_KEYS = new Set(["request", "settings", "cluster"]);

export interface Workload extends BenchInput {
  /** "policy / Kind", with the cluster size when there is one. */
  name: string;
  policy: string;
  /** The policy's folder, where its reference rule is. */
  source: PolicySource;
}

/** JSON is read as JSON: the YAML reader is far slower on a large list. */
function readCluster(path: string) {
  return path.endsWith(".json") ? flattenObjects([readDocument(path)], path) : readClusterObjects(path);
}

function readRequest(path: string) {
  return toAdmissionRequest(readDocument(path));
}

/** A request of bench/requests/, as the AdmissionRequest a policy receives. */
export function readBenchRequest(file: string) {
  return readRequest(join(REQUESTS_DIR, file));
}

/** The workloads of one policy, from its bench/workloads.yml. */
export function policyWorkloads(policy: PolicySource): Workload[] {
  const file = requirePolicyFile(policy.benchWorkloads, `it lists the requests npm run bench measures ${policy.name} on, which its budgets are checked against`);
  const entries = readDocument(file);
  if (!Array.isArray(entries) || entries.length === 0) throw new Error(`${file}: expected a list of workloads, each with a request`);
  return entries.map((entry: Record<string, unknown>, i) => {
    const where = `${file}, workload ${i + 1}`;
    if (typeof entry !== "object" || entry === null || typeof entry.request !== "string") throw new Error(`${where}: needs request, the path of an AdmissionReview file`);
    const unknown = Object.keys(entry).find((key) => !ENTRY_KEYS.has(key));
    if (unknown) throw new Error(`${where}: unknown key ${unknown} (expected ${[...ENTRY_KEYS].join(", ")})`);
    if (entry.cluster !== undefined && typeof entry.cluster !== "string") throw new Error(`${where}: cluster must be the path of a file of objects`);
    const near = (path: string) => resolve(dirname(file), path);
    const request = readRequest(near(entry.request));
    const cluster = typeof entry.cluster === "string" ? readCluster(near(entry.cluster)) : undefined;
    const size = cluster ? `, ${cluster.length} pods on the node` : "";
    const settings = entry.settings ?? readPolicySettings(policy);
    return { name: `${policy.name} / ${request.kind.kind}${size}`, policy: policy.name, source: policy, request, settings, cluster };
  });
}

/** Every policy's workloads, in the order the policies are found. */
export function loadWorkloads(policies = BENCH_PROJECT.policies): Workload[] {
  return policies.flatMap(policyWorkloads);
}
