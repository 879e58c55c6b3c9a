// An evaluation worker: keeps one evaluator per compiled module (sent once by
// the pool) and runs each job on a fresh instance, as policy-server does.
import { parentPort, workerData } from "node:worker_threads";
import { PolicyEvaluator } from "../host/evaluator.ts";
import type { PolicyModule } from "../host/policy-module.ts";
import { bridgedSources, type BridgeEnd } from "./kubernetes-bridge.ts";
import { reviewAdmission } from "./review.ts";
import type { FromWorker, ModuleHandle, Outcome, ToWorker } from "./protocol.ts";

const port = parentPort!;
const bridge = (workerData as { bridge?: BridgeEnd } | undefined)?.bridge;
const sources = bridge ? bridgedSources(bridge) : {};
const evaluators = new Map<string, PolicyEvaluator>();

/** A PolicyModule around already-compiled code: no bytes, no second compilation. */
function policyModule(handle: ModuleHandle): PolicyModule {
  return { name: handle.name, bytes: new Uint8Array(0), module: handle.module, metadata: handle.metadata, digest: handle.digest };
}

function evaluatorFor(digest: string, handle: ModuleHandle | undefined): PolicyEvaluator {
  let evaluator = evaluators.get(digest);
  if (!evaluator) {
    if (!handle) throw new Error(`module ${digest} was never sent to this worker`);
    evaluator = new PolicyEvaluator(policyModule(handle));
    evaluators.set(digest, evaluator);
  }
  return evaluator;
}

function send(message: FromWorker): void {
  port.postMessage(message);
}

port.on("message", (message: ToWorker) => {
  if (message.type === "forget") {
    evaluators.delete(message.digest);
    return;
  }
  try {
    const evaluator = evaluatorFor(message.digest, message.module);
    const { job } = message;
    const outcome: Outcome = job.kind === "review"
      ? reviewAdmission(evaluator, job, sources)
      : { kind: "settings", ...evaluator.validateSettings(job.settings) };
    // Past the memory cap the policy could not decide: answered as any failed evaluation, and this
    // worker is replaced so that the memory it held goes back at once.
    if (evaluator.lastMemoryRefusal) send({ type: "failed", jobId: message.jobId, error: evaluator.lastMemoryRefusal, recycle: true });
    else send({ type: "done", jobId: message.jobId, outcome });
  } catch (err) {
    send({ type: "failed", jobId: message.jobId, error: err instanceof Error ? err.message : String(err) });
  }
});

send({ type: "ready" });
