// The worker pool on its own: jobs handed to a worker behind one that gets stuck
// run elsewhere, a stuck job whose caller gives up is stopped and its worker
// replaced, and a queued job whose caller gives up never runs.
import { afterEach, describe, expect, it } from "vitest";
import { WorkerPool } from "../../src/serve/worker-pool.ts";
import type { ModuleHandle, ReviewJob } from "../../src/serve/protocol.ts";
import { until } from "../support/until.ts";
import { loopingModule } from "./support/looping-module.ts";
import { admissionReview, podRequest } from "./support/harness.ts";

const loop: ModuleHandle = { digest: "sha256:loop", name: "loop", module: new WebAssembly.Module(loopingModule() as Uint8Array<ArrayBuffer>), metadata: null };
const NO_DEADLINE_MS = 600_000;

function reviewJob(uid: string): ReviewJob {
  return {
    kind: "review", policyId: "loop", body: new TextEncoder().encode(admissionReview(podRequest(uid))), settings: {}, mode: "protect",
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
    pool = new WorkerPool({ size: 1 });
    let loopAnswered = false;
    const caller = new AbortController();
    const looping = pool.run(loop, reviewJob("stuck"), 60_000, caller.signal).finally(() => (loopAnswered = true));
    // The same policy's quick jobs (its validate_settings answers at once) are handed to the loop's worker behind it.
    const quick = await Promise.all(Array.from({ length: 3 }, () => pool!.run(loop, { kind: "settings", settings: {} }, 60_000)));
    expect(quick).toEqual(quick.map(() => ({ kind: "outcome", outcome: { kind: "settings", valid: true } })));
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
