// Evaluation workers: one per core by default, fed from one shared queue.
// An idle worker takes the next job; a busy one is handed a few more of the
// policy it is running, unless that policy has misbehaved, so it goes from one
// to the next without waiting for the main thread. A job that runs over its deadline gets
// its worker terminated (the only way to stop a looping wasm function) and is
// answered as timed out; the deadline runs for the oldest unfinished job,
// counted from when its predecessor finished.
// A worker whose job has run for a while (STUCK_AFTER_MS) counts as stuck: the
// jobs handed to it behind that one go back to the front of the queue at once
// for other workers (should the stuck one finish, their second answer is
// dropped). A policy whose job timed out counts as slow until one of its jobs
// finishes quickly again (a busy machine makes quick jobs take a while too).
// The pool keeps `size` workers free of stuck jobs plus one spare, starting
// extra ones (up to `size * (1 + EXTRA_WORKERS_PER_CORE)` in all) and retiring
// them when no longer needed. Slow policies' jobs wait while other jobs are
// queued, are never handed ahead, and the last idle worker is never given to a
// policy that is slow or already has a job in hand: a stuck policy cannot hold
// up the others, even before the pool knows it is stuck (a worker takes about a
// second to start on a busy 2-core machine).
// A job whose caller gave up (the HTTP client went away) is taken out of the
// queue, or, once stuck, its worker is terminated. Compiled modules are posted
// to a worker once and remembered by digest.
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { openBridge, type AsyncKubernetesSource } from "./kubernetes-bridge.ts";
import type { FromWorker, Job, ModuleHandle, Outcome, ToWorker } from "./protocol.ts";

export type JobResult =
  | { kind: "outcome"; outcome: Outcome }
  | { kind: "timeout" }
  | { kind: "failed"; error: string }
  /** The caller's signal was aborted before an answer: nobody is waiting for it. */
  | { kind: "cancelled" };

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
  signal?: AbortSignal;
  /** Set once the caller has its answer (or gave up): a later one is dropped. */
  settled: boolean;
  settle(result: JobResult): void;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  known: Set<string>;
  /** Jobs sent to the worker, oldest (running) first. */
  inFlight: PendingJob[];
  /** The running job has taken longer than a review normally takes. */
  stuck: boolean;
  timers: NodeJS.Timeout[];
  closeBridge(): void;
}

const MAX_FAILED_STARTS = 3;
/** A review takes about a millisecond; one running this long may run until its deadline. */
const STUCK_AFTER_MS = 100;
const EXTRA_WORKERS_PER_CORE = 4;
/** Jobs handed to a worker ahead of time; more only adds latency. */
const JOBS_PER_WORKER = 4;
/** Kept idle beyond `size`, so that the first stuck job does not wait for a worker to start. */
const SPARE_WORKERS = 1;
/** Compiled, a worker starts from worker.js; from source, through a bootstrap that registers tsx. */
const WORKER_ENTRY = import.meta.url.endsWith(".ts") ? new URL("./worker-bootstrap.mjs", import.meta.url) : new URL("./worker.js", import.meta.url);
const SHUTTING_DOWN: JobResult = { kind: "failed", error: "the server is shutting down" };

export class WorkerPool {
  private readonly slots: Slot[] = [];
  private readonly queue: PendingJob[] = [];
  private readonly baseSize: number;
  private readonly maxSize: number;
  /** Policies (by module name, i.e. policy id) with a job that timed out, until one finishes quickly. */
  private readonly slow = new Set<string>();
  private nextJobId = 1;
  private closed = false;
  /** Workers that died before becoming ready, in a row: a broken install, not a bad policy. */
  private failedStarts = 0;
  private broken: string | null = null;

  constructor(private readonly options: PoolOptions = {}) {
    this.baseSize = options.size ?? availableParallelism();
    this.maxSize = this.baseSize * (1 + EXTRA_WORKERS_PER_CORE);
    this.topUp();
  }

  /** Workers running now, extra ones included. */
  get size(): number {
    return this.slots.length;
  }

  /** Runs a job on a free worker; never rejects. */
  run(module: ModuleHandle, job: Job, timeoutMs: number, signal?: AbortSignal): Promise<JobResult> {
    if (this.closed) return Promise.resolve(SHUTTING_DOWN);
    if (this.broken) return Promise.resolve({ kind: "failed", error: this.broken });
    if (signal?.aborted) return Promise.resolve({ kind: "cancelled" });
    return new Promise((resolve) => {
      const pending: PendingJob = {
        jobId: this.nextJobId++, module, job, timeoutMs, signal, settled: false,
        settle(result) {
          if (pending.settled) return;
          pending.settled = true;
          signal?.removeEventListener("abort", onAbort);
          resolve(result);
        },
      };
      const onAbort = () => this.cancel(pending);
      signal?.addEventListener("abort", onAbort, { once: true });
      this.queue.push(pending);
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
    for (const pending of this.queue.splice(0)) pending.settle(SHUTTING_DOWN);
    await Promise.all(this.slots.splice(0).map((slot) => this.stop(slot, SHUTTING_DOWN)));
  }

  private startWorker(): Slot {
    const bridge = this.options.kubernetes ? openBridge(this.options.kubernetes) : null;
    const worker = new Worker(WORKER_ENTRY, {
      workerData: { bridge: bridge?.workerEnd },
      transferList: bridge ? [bridge.workerEnd.port] : [],
    });
    const slot: Slot = { worker, ready: false, known: new Set(), inFlight: [], stuck: false, timers: [], closeBridge: () => bridge?.close() };
    worker.on("message", (message: FromWorker) => this.onMessage(slot, message));
    worker.on("error", (err) => this.replace(slot, { kind: "failed", error: `the evaluation worker crashed: ${err.message}` }));
    worker.on("exit", () => this.replace(slot, { kind: "failed", error: "the evaluation worker exited" }));
    return slot;
  }

  private onMessage(slot: Slot, message: FromWorker): void {
    if (message.type === "ready") {
      slot.ready = true;
      this.failedStarts = 0;
      this.dispatch();
      return;
    }
    if (slot.inFlight[0]?.jobId !== message.jobId) return;
    const pending = slot.inFlight.shift()!;
    if (!slot.stuck) this.slow.delete(pending.module.name);
    slot.stuck = false;
    this.armTimers(slot);
    pending.settle(message.type === "done" ? { kind: "outcome", outcome: message.outcome } : { kind: "failed", error: message.error });
    // A worker that had to refuse memory is replaced: a fresh one gives every page back at once.
    if (message.type === "failed" && message.recycle) this.replace(slot, null);
    else if (this.queue.length === 0 && slot.inFlight.length === 0 && this.freeCount() > this.wantedFree()) this.retire(slot);
    else this.dispatch();
  }

  /** Workers that can take a job soon: not stuck, started or starting. */
  private freeCount(): number {
    return this.slots.filter((s) => !s.stuck).length;
  }

  /** `size` workers free of stuck jobs, and one spare. */
  private wantedFree(): number {
    return this.baseSize + SPARE_WORKERS;
  }

  private isRunning(policy: string): boolean {
    return this.slots.some((s) => s.inFlight.some((p) => p.module.name === policy));
  }

  /**
   * The next job for an idle worker: the oldest of a policy that is not slow, else a slow one's.
   * The last idle worker is kept for a policy with nothing running: one policy's burst of
   * stuck jobs cannot take every worker before the pool knows they are stuck.
   */
  private nextJob(idleWorkers: number): PendingJob | undefined {
    const index = this.queue.findIndex((p) => !this.slow.has(p.module.name) && (idleWorkers > 1 || !this.isRunning(p.module.name)));
    if (index >= 0) return this.queue.splice(index, 1)[0];
    return idleWorkers > 1 ? this.queue.shift() : undefined;
  }

  private dispatch(): void {
    const idle = this.slots.filter((s) => s.ready && s.inFlight.length === 0);
    for (const [i, slot] of idle.entries()) {
      const pending = this.nextJob(idle.length - i);
      if (!pending) break;
      this.start(slot, pending);
    }
    for (let i = 0; i < this.queue.length;) {
      const pending = this.queue[i];
      const slot = this.slow.has(pending.module.name) ? null : this.aheadSlot(pending.module.name);
      if (slot) this.start(slot, this.queue.splice(i, 1)[0]);
      else i++;
    }
    this.topUp();
  }

  /**
   * The busy worker running a job of `policy` with the fewest jobs in hand, if it may be handed one
   * more: only the same policy's, so that a policy with a first stuck job takes no other worker.
   */
  private aheadSlot(policy: string): Slot | null {
    let best: Slot | null = null;
    for (const slot of this.slots) {
      if (slot.stuck || slot.inFlight[0]?.module.name !== policy || slot.inFlight.length >= JOBS_PER_WORKER) continue;
      if (!best || slot.inFlight.length < best.inFlight.length) best = slot;
    }
    return best;
  }

  private start(slot: Slot, pending: PendingJob): void {
    const { digest } = pending.module;
    const message: ToWorker = { type: "job", jobId: pending.jobId, digest, job: pending.job };
    if (!slot.known.has(digest)) {
      message.module = pending.module;
      slot.known.add(digest);
    }
    slot.inFlight.push(pending);
    if (slot.inFlight.length === 1) this.armTimers(slot);
    slot.worker.postMessage(message);
  }

  /** The deadline and the stuck mark always belong to the oldest job a worker has not finished. */
  private armTimers(slot: Slot): void {
    this.clearTimers(slot);
    const head = slot.inFlight[0];
    if (!head) return;
    slot.timers.push(
      setTimeout(() => {
        this.slow.add(head.module.name);
        this.replace(slot, { kind: "timeout" });
      }, head.timeoutMs),
      setTimeout(() => this.markStuck(slot), Math.min(STUCK_AFTER_MS, head.timeoutMs / 2)),
    );
  }

  private markStuck(slot: Slot): void {
    const head = slot.inFlight[0];
    if (!head) return;
    if (head.settled) return this.replace(slot, null); // nobody waits for it any more
    slot.stuck = true;
    // The jobs behind it stay listed (the worker has them) but run elsewhere: the first answer counts.
    this.requeue(slot.inFlight.slice(1), slot);
    this.dispatch();
  }

  /** Puts jobs back at the front of the queue, unless answered, queued or in another worker's hands. */
  private requeue(jobs: PendingJob[], from: Slot): void {
    const orphans = jobs.filter((p) => !p.settled && !this.queue.includes(p) && !this.slots.some((s) => s !== from && s.inFlight.includes(p)));
    this.queue.unshift(...orphans);
  }

  /** Starts workers until enough are free of stuck jobs, within the maximum. */
  private topUp(): void {
    while (!this.closed && !this.broken && this.freeCount() < this.wantedFree() && this.slots.length < this.maxSize) {
      this.slots.push(this.startWorker());
    }
  }

  private cancel(pending: PendingJob): void {
    const queued = this.queue.indexOf(pending);
    if (queued >= 0) this.queue.splice(queued, 1);
    pending.settle({ kind: "cancelled" });
    // A running job that is not stuck ends soon; a stuck one would run until its deadline.
    const slot = this.slots.find((s) => s.inFlight[0] === pending);
    if (slot?.stuck) this.replace(slot, null);
  }

  private clearTimers(slot: Slot): void {
    for (const timer of slot.timers.splice(0)) clearTimeout(timer);
  }

  /**
   * Ends a worker, answering its running job with `result`; the jobs behind it (and the running one,
   * without a result: it is answered already, or not started) are run elsewhere.
   */
  private stop(slot: Slot, result: JobResult | null): Promise<number> {
    this.clearTimers(slot);
    const jobs = slot.inFlight.splice(0);
    if (result) jobs.shift()?.settle(result);
    if (this.closed) for (const pending of jobs) pending.settle(SHUTTING_DOWN);
    else this.requeue(jobs, slot);
    slot.worker.removeAllListeners();
    slot.worker.on("error", () => {}); // a late error from a worker being stopped is not news
    slot.closeBridge();
    return slot.worker.terminate();
  }

  /** Ends an idle worker the pool no longer needs. */
  private retire(slot: Slot): void {
    const index = this.slots.indexOf(slot);
    if (index >= 0) this.slots.splice(index, 1);
    void this.stop(slot, SHUTTING_DOWN);
  }

  /** Ends a worker (its running job gets `result`, if any) and starts another if the pool is short. */
  private replace(slot: Slot, result: JobResult | null): void {
    const index = this.slots.indexOf(slot);
    if (index < 0 || this.closed) return;
    this.slots.splice(index, 1);
    void this.stop(slot, result);
    if (!slot.ready && result?.kind === "failed" && ++this.failedStarts >= MAX_FAILED_STARTS) {
      this.broken = result.error;
      for (const pending of this.queue.splice(0)) pending.settle({ kind: "failed", error: this.broken });
      return;
    }
    this.dispatch();
  }
}
