// vitest globalSetup: a directory for this run's shared kube-apiserver (started on first
// use by real-kube-api-server.ts), and at the end of the run the processes it started are
// stopped by PID and the directory removed, so nothing keeps running. (Should this process be
// killed before its teardown, a watchdog started with the processes stops them.)
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { pidsFile, stopProcesses } from "../../tools/kube-control-plane.ts";

export default function setup(project: TestProject): () => Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "wardenkit-kube-"));
  project.provide("kubeApiServerDir", dir);
  project.provide("kubeApiServerOwner", process.pid);
  return async () => {
    if (existsSync(pidsFile(dir))) await stopProcesses(JSON.parse(readFileSync(pidsFile(dir), "utf8")) as number[]);
    rmSync(dir, { recursive: true, force: true });
  };
}
