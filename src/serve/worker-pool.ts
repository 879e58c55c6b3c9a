// Evaluation workers, one per core by default. Each worker is handed a few
// jobs at once, so it goes from one to the next without waiting for the main
// thread; they run in order, and the deadline runs for the oldest unfinished
// one, counted from when its predecessor finished. A job that runs over its
// deadline gets its worker terminated (the only way to stop a looping wasm
// function): it is answered as timed out, the jobs queued behind it go back to
// the pool, and a fresh worker takes its place. Compiled modules are posted to
// a worker once and remembered by digest.
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { openBridge, type AsyncKubernetesSource } from "./kubernetes-bridge.ts";
import type { FromWorker, Job, ModuleHandle, Outcome, ToWorker } from "./protocol.ts";

export type JobResult =
  | { kind: "outcome"; outcome: Outcome }
  | { kind: "timeout" }
  | { kind: "failed"; error: string };

export interface PoolOptions {
  size?: number;
  /** Live cluster reads offered to policies; none means host calls report no cluster. */
  kubernetes?: AsyncKubernetesSource;
}

interface PendingJob {
  jobId: number;
  module: ModuleHandle;
  job: Job;
  timeoutMs: number;
  resolve(result: JobResult): void;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  known: Set<string>;
  /** Jobs sent to the worker, oldest (running) first. */
  inFlight: PendingJob[];
  timer: NodeJS.Timeout | null;
  closeBridge(): void;
}

const MAX_FAILED_STARTS = 3;
/** Jobs handed to a worker ahead of time; more only adds latency. */
const JOBS_PER_WORKER = 4;
/** Compiled, a worker starts from worker.js; from source, through a bootstrap that registers tsx. */
const WORKER_ENTRY = import.meta.url.endsWith(".ts") ? new URL("./worker-bootstrap.mjs", import.meta.url) : new URL("./worker.js", import.meta.url);

export class WorkerPool {
  private readonly slots: Slot[] = [];
  private readonly queue: PendingJob[] = [];
  private nextJobId = 1;
  private closed = false;
  /** Workers that died before becoming ready, in a row: a broken install, not a bad policy. */
  private failedStarts = 0;
  private broken: string | null = null;

  constructor(private readonly options: PoolOptions = {}) {
    const size = options.size ?? availableParallelism();
    for (let i = 0; i < size; i++) this.slots.push(this.startWorker());
  }

  get size(): number {
    return this.slots.length;
  }

  /** Runs a job on a free worker; never rejects. */
  run(module: ModuleHandle, job: Job, timeoutMs: number): Promise<JobResult> {
    if (this.closed) return Promise.resolve({ kind: "failed", error: "the server is shutting down" });
    if (this.broken) return Promise.resolve({ kind: "failed", error: this.broken });
    return new Promise((resolve) => {
      this.queue.push({ jobId: this.nextJobId++, module, job, timeoutMs, resolve });
      this.dispatch();
    });
  }

  /** Drops a module no served policy uses any more. */
  forget(digest: string): void {
    for (const slot of this.slots) {
      if (slot.known.delete(digest)) slot.worker.postMessage({ type: "forget", digest } satisfies ToWorker);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const pending of this.queue.splice(0)) pending.resolve({ kind: "failed", error: "the server is shutting down" });
    await Promise.all(this.slots.map((slot) => this.stop(slot, { kind: "failed", error: "the server is shutting down" })));
  }

  private startWorker(): Slot {
    const bridge = this.options.kubernetes ? openBridge(this.options.kubernetes) : null;
    const worker = new Worker(WORKER_ENTRY, {
      workerData: { bridge: bridge?.workerEnd },
      transferList: bridge ? [bridge.workerEnd.port] : [],
    });
    const slot: Slot = { worker, ready: false, known: new Set(), inFlight: [], timer: null, closeBridge: () => bridge?.close() };
    worker.on("message", (message: FromWorker) => this.onMessage(slot, message));
    worker.on("error", (err) => this.replace(slot, { kind: "failed", error: `the evaluation worker crashed: ${err.message}` }));
    worker.on("exit", () => this.replace(slot, { kind: "failed", error: "the evaluation worker exited" }));
    return slot;
  }

  private onMessage(slot: Slot, message: FromWorker): void {
    if (message.type === "ready") {
      slot.ready = true;
      this.failedStarts = 0;
    } else if (slot.inFlight[0]?.jobId === message.jobId) {
      const pending = slot.inFlight.shift()!;
      this.armDeadline(slot);
      pending.resolve(message.type === "done" ? { kind: "outcome", outcome: message.outcome } : { kind: "failed", error: message.error });
    }
    this.dispatch();
  }

  /** The deadline always belongs to the oldest job a worker has not finished. */
  private armDeadline(slot: Slot): void {
    if (slot.timer) clearTimeout(slot.timer);
    const head = slot.inFlight[0];
    slot.timer = head ? setTimeout(() => this.replace(slot, { kind: "timeout" }), head.timeoutMs) : null;
  }

  /** The ready worker with the fewest jobs in hand, if one can take another. */
  private freeSlot(): Slot | null {
    let best: Slot | null = null;
    for (const slot of this.slots) {
      if (slot.ready && slot.inFlight.length < JOBS_PER_WORKER && (!best || slot.inFlight.length < best.inFlight.length)) best = slot;
    }
    return best;
  }

  private dispatch(): void {
    for (let slot = this.freeSlot(); slot && this.queue.length > 0; slot = this.freeSlot()) {
      const pending = this.queue.shift()!;
      const { digest } = pending.module;
      const message: ToWorker = { type: "job", jobId: pending.jobId, digest, job: pending.job };
      if (!slot.known.has(digest)) {
        message.module = pending.module;
        slot.known.add(digest);
      }
      slot.inFlight.push(pending);
      if (slot.inFlight.length === 1) this.armDeadline(slot);
      slot.worker.postMessage(message);
    }
  }

  /** Ends a worker, answering its running job with `result`; the jobs behind it are run elsewhere. */
  private stop(slot: Slot, result: JobResult): Promise<number> {
    if (slot.timer) clearTimeout(slot.timer);
    const [running, ...waiting] = slot.inFlight.splice(0);
    running?.resolve(result);
    if (this.closed) for (const pending of waiting) pending.resolve(result);
    else this.queue.unshift(...waiting);
    slot.worker.removeAllListeners();
    slot.worker.on("error", () => {}); // a late error from a worker being stopped is not news
    slot.closeBridge();
    return slot.worker.terminate();
  }

  private replace(slot: Slot, result: JobResult): void {
    const index = this.slots.indexOf(slot);
    if (index < 0 || this.closed) return;
    void this.stop(slot, result);
    if (!slot.ready && ++this.failedStarts >= MAX_FAILED_STARTS) {
      this.broken = result.kind === "failed" ? result.error : "evaluation workers cannot start";
      for (const pending of this.queue.splice(0)) pending.resolve({ kind: "failed", error: this.broken });
      this.slots.splice(index, 1);
      return;
    }
    this.slots[index] = this.startWorker();
    this.dispatch();
  }
}
