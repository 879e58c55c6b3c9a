// vitest globalSetup: a directory for this run's shared kube-apiserver (started on first
// use by real-kube-api-server.ts), and at the end of the run the processes it started are
// stopped by PID and the directory removed, so nothing keeps running. (Should this process be
// killed before its teardown, a watchdog started with the processes stops them.)
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { alive } from "./process-alive.ts";

const STOP_GRACE_MS = 10_000;

/** Stops each in turn (kube-apiserver before the etcd it needs to shut down cleanly). */
async function stop(pids: number[]): Promise<void> {
  for (const pid of pids) {
    if (!alive(pid)) continue;
    process.kill(pid, "SIGTERM");
    const deadline = Date.now() + STOP_GRACE_MS;
    while (alive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    if (alive(pid)) process.kill(pid, "SIGKILL");
  }
}

export default function setup(project: TestProject): () => Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "wardenkit-kube-"));
  project.provide("kubeApiServerDir", dir);
  project.provide("kubeApiServerOwner", process.pid);
  return async () => {
    const pidsFile = join(dir, "kube-api-server.json.pids");
    if (existsSync(pidsFile)) await stop(JSON.parse(readFileSync(pidsFile, "utf8")) as number[]);
    rmSync(dir, { recursive: true, force: true });
  };
}
