// The worker pool on its own: jobs handed to a worker behind one that gets stuck
// run elsewhere, a stuck job whose caller gives up is stopped and its worker
// replaced, and a queued job whose caller gives up never runs.
import { afterEach, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { PolicyModule } from "../../src/host/policy-module.ts";
import { builtModulePath } from "../support/policies.ts";
import { WorkerPool } from "../../src/serve/worker-pool.ts";
import type { ModuleHandle, ReviewJob } from "../../src/serve/protocol.ts";
import { until } from "../support/until.ts";
import { loopingModule } from "./support/looping-module.ts";
import { admissionReview, podRequest } from "./support/harness.ts";

const loop: ModuleHandle = { digest: "sha256:loop", name: "loop", module: new WebAssembly.Module(loopingModule() as Uint8Array<ArrayBuffer>), metadata: null };
const NO_DEADLINE_MS = 600_000;

function reviewJob(uid: string, policyId = "loop", settings: Record<string, unknown> = {}): ReviewJob {
  return {
    kind: "review", policyId, body: new TextEncoder().encode(admissionReview(podRequest(uid, { app: "web" }))), settings, mode: "protect",
    allowedToMutate: false, contextAwareResources: [], hostCapabilities: [],
  };
}

let pool: WorkerPool | null = null;
afterEach(async () => {
  await pool?.close();
  pool = null;
});

describe("a job that gets stuck", () => {
  it("gives back the jobs handed to its worker behind it, which are answered before its deadline", async () => {
    const compiled = await PolicyModule.fromBytes(readFileSync(builtModulePath("required-labels")), "labels");
    const labels: ModuleHandle = { digest: compiled.digest, name: "labels", module: compiled.module, metadata: compiled.metadata };
    pool = new WorkerPool({ size: 1 });
    let loopAnswered = false;
    const caller = new AbortController();
    const looping = pool.run(loop, reviewJob("stuck"), 60_000, caller.signal).finally(() => (loopAnswered = true));
    // Queued together: the first worker ready takes the loop and is handed these behind it.
    const quick = await Promise.all(Array.from({ length: 3 }, (_, i) => pool!.run(labels, reviewJob(`q-${i}`, "labels", { requiredLabels: ["app"] }), 60_000)));
    expect(quick.map((r) => r.kind === "outcome" && r.outcome.kind === "review" && r.outcome.verdict)).toEqual(["accepted", "accepted", "accepted"]);
    expect(loopAnswered).toBe(false);
    caller.abort();
    expect(await looping).toEqual({ kind: "cancelled" });
  });
});

describe("a caller that gives up", () => {
  it("gets a stuck job stopped: the pool ends that worker instead of keeping it until the deadline", async () => {
    pool = new WorkerPool({ size: 1 });
    const started = pool.size; // one worker and the spare
    const caller = new AbortController();
    const result = pool.run(loop, reviewJob("stuck"), NO_DEADLINE_MS, caller.signal);
    // Once the job counts as stuck the pool starts another worker to stay at strength.
    await until("a worker started beside the stuck one", async () => pool!.size > started);
    caller.abort();
    expect(await result).toEqual({ kind: "cancelled" });
    await until("the stuck worker ended", async () => pool!.size === started);
  });

  it("takes its job out of the queue", async () => {
    pool = new WorkerPool({ size: 1 });
    const callers = Array.from({ length: 6 }, () => new AbortController());
    const results = callers.map((c, i) => pool!.run(loop, reviewJob(`queued-${i}`), NO_DEADLINE_MS, c.signal));
    for (const c of callers) c.abort();
    expect(await Promise.all(results)).toEqual(callers.map(() => ({ kind: "cancelled" })));
  });

  it("before its job is sent is answered at once", async () => {
    pool = new WorkerPool({ size: 1 });
    expect(await pool.run(loop, reviewJob("late"), NO_DEADLINE_MS, AbortSignal.abort())).toEqual({ kind: "cancelled" });
  });
});
