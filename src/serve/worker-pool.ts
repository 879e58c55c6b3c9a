// Evaluation workers: one per core by default (pool-worker.ts), fed from one shared queue
// (job-queue.ts: which job goes to which worker). A job that runs over its deadline gets its
// worker terminated (the only way to stop a looping wasm function) and is answered as timed
// out; the deadline runs for the oldest unfinished job, counted from when its predecessor
// finished. A worker whose job has run for a while counts as stuck: the jobs handed to it
// behind that one go back to the front of the queue at once for other workers (should the
// stuck one finish, their second answer is dropped). A policy whose job timed out counts as
// slow until one of its jobs finishes quickly again (a busy machine makes quick jobs take a
// while too). The pool keeps `size` workers free of stuck jobs plus one spare, starting
// extra ones (up to `size * (1 + EXTRA_WORKERS_PER_CORE)` in all) and retiring them when no
// longer needed. A job whose caller gave up (the HTTP client went away) is taken out of the
// queue, or, once stuck, its worker is terminated.
import { availableParallelism } from "node:os";
import type { AsyncKubernetesSource } from "./kubernetes-bridge.ts";
import type { AsyncExternalSource } from "../host/capabilities/external-requests.ts";
import type { FromWorker, Job, ModuleHandle } from "./protocol.ts";
import { JobQueue, type JobResult, type PendingJob } from "./job-queue.ts";
import { PoolWorker } from "./pool-worker.ts";

export type { JobResult };

export interface PoolOptions {
  size?: number;
  /** Live cluster reads offered to policies; none means host calls report no cluster. */
  kubernetes?: AsyncKubernetesSource;
  /** Live OCI, DNS and crypto answers offered to policies; none means those host calls are not available. */
  external?: AsyncExternalSource;
}

const MAX_FAILED_STARTS = 3;
const EXTRA_WORKERS_PER_CORE = 4;
/** Kept idle beyond `size`, so that the first stuck job does not wait for a worker to start. */
const SPARE_WORKERS = 1;
const SHUTTING_DOWN: JobResult = { kind: "failed", error: "the server is shutting down" };

export class WorkerPool {
  private readonly workers: PoolWorker[] = [];
  private readonly queue = new JobQueue();
  private readonly baseSize: number;
  private readonly maxSize: number;
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
    return this.workers.length;
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
    for (const worker of this.workers) worker.forget(digest);
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const pending of this.queue.takeAll()) pending.settle(SHUTTING_DOWN);
    await Promise.all(this.workers.splice(0).map((worker) => this.stop(worker, SHUTTING_DOWN)));
  }

  private startWorker(): PoolWorker {
    return new PoolWorker({ kubernetes: this.options.kubernetes, external: this.options.external }, {
      message: (worker, message) => this.onMessage(worker, message),
      died: (worker, error) => this.replace(worker, { kind: "failed", error }),
    });
  }

  private onMessage(worker: PoolWorker, message: FromWorker): void {
    if (message.type === "ready") {
      worker.ready = true;
      this.failedStarts = 0;
      this.dispatch();
      return;
    }
    if (worker.running?.jobId !== message.jobId) return;
    const pending = worker.inFlight.shift()!;
    if (!worker.stuck) this.queue.slow.delete(pending.module.name);
    worker.stuck = false;
    this.armTimers(worker);
    pending.settle(message.type === "done" ? { kind: "outcome", outcome: message.outcome } : { kind: "failed", error: message.error });
    // A worker that had to refuse memory is replaced: a fresh one gives every page back at once.
    if (message.type === "failed" && message.recycle) this.replace(worker, null);
    else if (this.queue.length === 0 && worker.inFlight.length === 0 && this.freeCount() > this.wantedFree()) this.retire(worker);
    else this.dispatch();
  }

  /** Workers that can take a job soon: not stuck, started or starting. */
  private freeCount(): number {
    return this.workers.filter((w) => !w.stuck).length;
  }

  /** `size` workers free of stuck jobs, and one spare. */
  private wantedFree(): number {
    return this.baseSize + SPARE_WORKERS;
  }

  private isRunning(policy: string): boolean {
    return this.workers.some((w) => w.inFlight.some((p) => p.module.name === policy));
  }

  private dispatch(): void {
    const idle = this.workers.filter((w) => w.idle);
    for (const [i, worker] of idle.entries()) {
      const pending = this.queue.next(idle.length - i, (policy) => this.isRunning(policy));
      if (!pending) break;
      this.start(worker, pending);
    }
    this.queue.handAhead(this.workers, (worker, pending) => this.start(worker, pending));
    this.topUp();
  }

  private start(worker: PoolWorker, pending: PendingJob): void {
    if (worker.hand(pending)) this.armTimers(worker);
  }

  /** The deadline and the stuck mark always belong to the oldest job a worker has not finished. */
  private armTimers(worker: PoolWorker): void {
    worker.arm(
      (job) => {
        this.queue.slow.add(job.module.name);
        this.replace(worker, { kind: "timeout" });
      },
      () => this.markStuck(worker),
    );
  }

  private markStuck(worker: PoolWorker): void {
    const head = worker.running;
    if (!head) return;
    if (head.settled) return this.replace(worker, null); // nobody waits for it any more
    worker.stuck = true;
    // The jobs behind it stay listed (the worker has them) but run elsewhere: the first answer counts.
    this.requeue(worker.inFlight.slice(1), worker);
    this.dispatch();
  }

  /** Puts jobs back at the front of the queue, unless answered, queued or in another worker's hands. */
  private requeue(jobs: PendingJob[], from: PoolWorker): void {
    const orphans = jobs.filter((p) => !p.settled && !this.queue.includes(p) && !this.workers.some((w) => w !== from && w.inFlight.includes(p)));
    this.queue.pushFront(orphans);
  }

  /** Starts workers until enough are free of stuck jobs, within the maximum. */
  private topUp(): void {
    while (!this.closed && !this.broken && this.freeCount() < this.wantedFree() && this.workers.length < this.maxSize) {
      this.workers.push(this.startWorker());
    }
  }

  private cancel(pending: PendingJob): void {
    this.queue.remove(pending);
    pending.settle({ kind: "cancelled" });
    // A running job that is not stuck ends soon; a stuck one would run until its deadline.
    const worker = this.workers.find((w) => w.running === pending);
    if (worker?.stuck) this.replace(worker, null);
  }

  /**
   * Ends a worker, answering its running job with `result`; the jobs behind it (and the running one,
   * without a result: it is answered already, or not started) are run elsewhere.
   */
  private stop(worker: PoolWorker, result: JobResult | null): Promise<number> {
    worker.disarm();
    const jobs = worker.inFlight.splice(0);
    if (result) jobs.shift()?.settle(result);
    if (this.closed) for (const pending of jobs) pending.settle(SHUTTING_DOWN);
    else this.requeue(jobs, worker);
    return worker.terminate();
  }

  /** Ends an idle worker the pool no longer needs. */
  private retire(worker: PoolWorker): void {
    const index = this.workers.indexOf(worker);
    if (index >= 0) this.workers.splice(index, 1);
    void this.stop(worker, SHUTTING_DOWN);
  }

  /** Ends a worker (its running job gets `result`, if any) and starts another if the pool is short. */
  private replace(worker: PoolWorker, result: JobResult | null): void {
    const index = this.workers.indexOf(worker);
    if (index < 0 || this.closed) return;
    this.workers.splice(index, 1);
    void this.stop(worker, result);
    if (!worker.ready && result?.kind === "failed" && ++this.failedStarts >= MAX_FAILED_STARTS) {
      this.broken = result.error;
      for (const pending of this.queue.takeAll()) pending.settle({ kind: "failed", error: this.broken });
      return;
    }
    this.dispatch();
  }
}
