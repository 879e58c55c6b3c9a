// The real Kubernetes control plane of the tests (tools/kube-control-plane.ts: etcd and
// kube-apiserver, RBAC on, no controller-manager, scheduler or kubelet): tests create Nodes
// and Pods as API objects and play the controllers' part themselves.
//
// One instance serves a whole vitest run. The first test file that asks starts it under a
// lock in the run's directory (see kube-api-server-lifecycle.ts) and writes its state
// there; later files, in any worker, read that state. The processes are detached from the
// worker that started them, and the run's teardown stops them by PID.
import { closeSync, existsSync, openSync, readFileSync, writeFileSync, writeSync } from "node:fs";
import { join } from "node:path";
import { inject } from "vitest";
import { alive, startOnFreePorts, type KubeApiServerState } from "../../tools/kube-control-plane.ts";

export { adminRequest, clusterUser, type ClusterUser, type KubeApiServerState } from "../../tools/kube-control-plane.ts";

const STATE_FILE = "kube-api-server.json";
const POLL_MS = 200;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let shared: Promise<KubeApiServerState> | null = null;

async function startOrJoin(dir: string): Promise<KubeApiServerState> {
  const statePath = join(dir, STATE_FILE);
  const lockPath = join(dir, `${STATE_FILE}.lock`);
  let lock: number | null = null;
  try {
    lock = openSync(lockPath, "wx");
    writeSync(lock, String(process.pid));
  } catch {
    // Another test file is starting it: wait for its state (or its failure) for as long as the
    // worker starting it lives; its own readiness guard bounds the wait.
    for (;;) {
      if (existsSync(statePath)) return JSON.parse(readFileSync(statePath, "utf8")) as KubeApiServerState;
      if (existsSync(`${statePath}.failed`)) throw new Error(readFileSync(`${statePath}.failed`, "utf8"));
      const holder = Number(readFileSync(lockPath, "utf8"));
      if (holder > 0 && !alive(holder) && !existsSync(statePath)) throw new Error(`the test worker starting the shared kube-apiserver (PID ${holder}) exited before it was ready`);
      await sleep(POLL_MS);
    }
  }
  try {
    const owner = Number(inject("kubeApiServerOwner"));
    if (!Number.isInteger(owner)) throw new Error("kube-api-server-lifecycle.ts must be a globalSetup of this vitest run");
    const state = await startOnFreePorts(dir, owner);
    writeFileSync(statePath, JSON.stringify(state));
    return state;
  } catch (err) {
    writeFileSync(`${statePath}.failed`, (err as Error).message);
    throw err;
  } finally {
    closeSync(lock);
  }
}

/** The run's API server, started on first use. */
export function realKubeApiServer(): Promise<KubeApiServerState> {
  shared ??= startOrJoin(inject("kubeApiServerDir"));
  return shared;
}

declare module "vitest" {
  export interface ProvidedContext {
    kubeApiServerDir: string;
    /** PID of the vitest process whose teardown stops the API server. */
    kubeApiServerOwner: number;
  }
}
