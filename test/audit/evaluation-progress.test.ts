// Which policy a thread is running on which object, as the pool reads it when the thread must
// be ended: the policy only while the thread is on that object, nothing before a policy starts.
import { Worker } from "node:worker_threads";
import { once } from "node:events";
import { describe, expect, it } from "vitest";
import { EvaluationProgress } from "../../src/audit/evaluation-progress.ts";

describe("EvaluationProgress", () => {
  it("names the running policy only for the object the thread is on", () => {
    const progress = new EvaluationProgress();
    expect(progress.running(0, 0)).toBeUndefined();
    progress.object(3, 1);
    expect(progress.running(3, 1)).toBeUndefined();
    progress.policy(7);
    expect(progress.running(3, 1)).toBe(7);
    expect(progress.running(3, 0)).toBeUndefined();
    expect(progress.running(2, 1)).toBeUndefined();
    progress.object(3, 2);
    expect(progress.running(3, 2)).toBeUndefined();
  });

  it("is seen by the pool as another thread writes it", async () => {
    const progress = new EvaluationProgress();
    // A thread that writes its progress then blocks, as one stuck in a policy does.
    const thread = new Worker(`
      const { workerData, parentPort } = require("node:worker_threads");
      Atomics.store(workerData, 0, 5); Atomics.store(workerData, 1, 0); Atomics.store(workerData, 2, 2);
      parentPort.postMessage("stuck");
      Atomics.wait(workerData, 0, 5);
    `, { eval: true, workerData: progress.slots });
    await once(thread, "message");
    expect(progress.running(5, 0)).toBe(2);
    await thread.terminate();
  });
});
