// The pool's one queue, and which job goes to which worker. An idle worker takes the
// oldest job of a policy that is not slow (a policy whose job timed out, until one of its
// jobs finishes quickly again); slow policies' jobs wait while other jobs are queued and are
// never handed ahead. The last idle worker is never given to a policy that is slow or
// already has a job in hand: a stuck policy cannot hold up the others, even before the pool
// knows it is stuck (a worker takes about a second to start on a busy 2-core machine). A
// busy worker is handed a few more jobs of the policy it is running, so it goes from one to
// the next without waiting for the main thread.
import type { Job, ModuleHandle, Outcome } from "./protocol.ts";
import type { PoolWorker } from "./pool-worker.ts";

export type JobResult =
  | { kind: "outcome"; outcome: Outcome }
  | { kind: "timeout" }
  | { kind: "failed"; error: string }
  /** The caller's signal was aborted before an answer: nobody is waiting for it. */
  | { kind: "cancelled" };

export interface PendingJob {
  jobId: number;
  module: ModuleHandle;
  job: Job;
  timeoutMs: number;
  signal?: AbortSignal;
  /** Set once the caller has its answer (or gave up): a later one is dropped. */
  settled: boolean;
  settle(result: JobResult): void;
}

/** Jobs handed to a worker ahead of time; more only adds latency. */
const JOBS_PER_WORKER = 4;

/**
 * The busy worker running a job of `policy` with the fewest jobs in hand, if it may be handed one
 * more: only the same policy's, so that a policy with a first stuck job takes no other worker.
 */
function aheadWorker(workers: readonly PoolWorker[], policy: string): PoolWorker | null {
  let best: PoolWorker | null = null;
  for (const worker of workers) {
    if (worker.stuck || worker.running?.module.name !== policy || worker.inFlight.length >= JOBS_PER_WORKER) continue;
    if (!best || worker.inFlight.length < best.inFlight.length) best = worker;
  }
  return best;
}

export class JobQueue {
  private readonly jobs: PendingJob[] = [];
  /** Policies (by module name, i.e. policy id) with a job that timed out, until one finishes quickly. */
  readonly slow = new Set<string>();

  get length(): number {
    return this.jobs.length;
  }

  includes(pending: PendingJob): boolean {
    return this.jobs.includes(pending);
  }

  push(pending: PendingJob): void {
    this.jobs.push(pending);
  }

  /** Puts jobs given back by a worker ahead of those waiting. */
  pushFront(jobs: PendingJob[]): void {
    this.jobs.unshift(...jobs);
  }

  /** Takes out a job whose caller gave up. */
  remove(pending: PendingJob): void {
    const index = this.jobs.indexOf(pending);
    if (index >= 0) this.jobs.splice(index, 1);
  }

  /** Empties the queue, oldest first. */
  takeAll(): PendingJob[] {
    return this.jobs.splice(0);
  }

  /**
   * The next job for an idle worker: the oldest of a policy that is not slow, else a slow one's.
   * The last idle worker is kept for a policy with nothing running: one policy's burst of
   * stuck jobs cannot take every worker before the pool knows they are stuck.
   */
  next(idleWorkers: number, isRunning: (policy: string) => boolean): PendingJob | undefined {
    const index = this.jobs.findIndex((p) => !this.slow.has(p.module.name) && (idleWorkers > 1 || !isRunning(p.module.name)));
    if (index >= 0) return this.jobs.splice(index, 1)[0];
    return idleWorkers > 1 ? this.jobs.shift() : undefined;
  }

  /** Hands each queued job of a policy that is not slow to a busy worker running that policy, if one may take it. */
  handAhead(workers: readonly PoolWorker[], start: (worker: PoolWorker, pending: PendingJob) => void): void {
    for (let i = 0; i < this.jobs.length;) {
      const pending = this.jobs[i];
      const worker = this.slow.has(pending.module.name) ? null : aheadWorker(workers, pending.module.name);
      if (worker) start(worker, this.jobs.splice(i, 1)[0]);
      else i++;
    }
  }
}
