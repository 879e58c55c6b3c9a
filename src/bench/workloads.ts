// The realistic requests of `npm run bench`, as listed in bench/workloads.json:
// which policy, which request of bench/requests/, its settings and the cluster
// the host answers from.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { toAdmissionRequest } from "../host/admission-request.ts";
import { flattenObjects, readClusterObjects, readDocument } from "../testing/inputs.ts";
import { BENCH_DIR } from "./bench-project.ts";
import type { BenchInput } from "./policy-target.ts";

const REQUESTS_DIR = join(BENCH_DIR, "requests");

interface WorkloadEntry {
  policy: string;
  request: string;
  settings?: unknown;
  cluster?: string;
}

export interface Workload extends BenchInput {
  /** "policy / Kind", with the cluster size when there is one. */
  name: string;
  policy: string;
}

/** JSON is read as JSON: the YAML reader is far slower on a large list. */
function readCluster(path: string) {
  return path.endsWith(".json") ? flattenObjects([readDocument(path)], path) : readClusterObjects(path);
}

/** A request of bench/requests/, as the AdmissionRequest a policy receives. */
export function readBenchRequest(file: string) {
  return toAdmissionRequest(readDocument(join(REQUESTS_DIR, file)));
}

export function loadWorkloads(file = join(BENCH_DIR, "workloads.json")): Workload[] {
  const entries = JSON.parse(readFileSync(file, "utf8")) as WorkloadEntry[];
  return entries.map((entry) => {
    const request = readBenchRequest(entry.request);
    const cluster = entry.cluster ? readCluster(join(REQUESTS_DIR, entry.cluster)) : undefined;
    const where = cluster ? `, ${cluster.length} pods on the node` : "";
    return { name: `${entry.policy} / ${request.kind.kind}${where}`, policy: entry.policy, request, settings: entry.settings ?? {}, cluster };
  });
}
