// One evaluation worker of the pool: its thread and bridge to the cluster, the modules it
// has been sent (by digest: each is posted once), the jobs handed to it, oldest (the running
// one) first, and the two timers of its running job: the deadline, and the moment it counts
// as stuck.
import { Worker } from "node:worker_threads";
import { openBridge, type LiveSources } from "./kubernetes-bridge.ts";
import type { FromWorker, ToWorker } from "./protocol.ts";
import type { PendingJob } from "./job-queue.ts";

/** A review takes about a millisecond; one running this long may run until its deadline. */
const STUCK_AFTER_MS = 100;
/** Compiled, a worker starts from worker.js; from source, through a bootstrap that registers tsx. */
const WORKER_ENTRY = import.meta.url.endsWith(".ts") ? new URL("./worker-bootstrap.mjs", import.meta.url) : new URL("./worker.js", import.meta.url);

/** What the pool hears from a worker's thread. */
export interface WorkerEvents {
  message(worker: PoolWorker, message: FromWorker): void;
  /** The thread crashed or exited, and why. */
  died(worker: PoolWorker, error: string): void;
}

export class PoolWorker {
  /** The thread has said it is ready for jobs. */
  ready = false;
  /** The running job has taken longer than a review normally takes. */
  stuck = false;
  /** Jobs sent to the worker, oldest (running) first. */
  readonly inFlight: PendingJob[] = [];
  private readonly thread: Worker;
  private readonly known = new Set<string>();
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly bridge: ReturnType<typeof openBridge> | null;

  constructor(sources: LiveSources, events: WorkerEvents) {
    this.bridge = sources.kubernetes || sources.external ? openBridge(sources) : null;
    this.thread = new Worker(WORKER_ENTRY, {
      workerData: { bridge: this.bridge?.workerEnd },
      transferList: this.bridge ? [this.bridge.workerEnd.port] : [],
    });
    this.thread.on("message", (message: FromWorker) => events.message(this, message));
    this.thread.on("error", (err) => events.died(this, `the evaluation worker crashed: ${err.message}`));
    this.thread.on("exit", () => events.died(this, "the evaluation worker exited"));
  }

  get running(): PendingJob | undefined {
    return this.inFlight[0];
  }

  get idle(): boolean {
    return this.ready && this.inFlight.length === 0;
  }

  /** Sends a job, with its module the first time; true when it runs at once (nothing else was in hand). */
  hand(pending: PendingJob): boolean {
    const { digest } = pending.module;
    const message: ToWorker = { type: "job", jobId: pending.jobId, digest, job: pending.job };
    if (!this.known.has(digest)) {
      message.module = pending.module;
      this.known.add(digest);
    }
    this.inFlight.push(pending);
    this.thread.postMessage(message);
    return this.inFlight.length === 1;
  }

  /** Drops a module no served policy uses any more. */
  forget(digest: string): void {
    if (this.known.delete(digest)) this.thread.postMessage({ type: "forget", digest } satisfies ToWorker);
  }

  /**
   * Arms the timers of the job running now, in place of the previous job's: `onDeadline` at its
   * timeout, `onStuck` once it has run longer than a review takes. Nothing when idle.
   */
  arm(onDeadline: (job: PendingJob) => void, onStuck: () => void): void {
    this.disarm();
    const head = this.inFlight[0];
    if (!head) return;
    this.timers.push(
      setTimeout(() => onDeadline(head), head.timeoutMs),
      setTimeout(onStuck, Math.min(STUCK_AFTER_MS, head.timeoutMs / 2)),
    );
  }

  disarm(): void {
    for (const timer of this.timers.splice(0)) clearTimeout(timer);
  }

  /** Ends the thread (the only way to stop a looping wasm function); nothing it says any more is heard. */
  terminate(): Promise<number> {
    this.thread.removeAllListeners();
    this.thread.on("error", () => {}); // a late error from a worker being stopped is not news
    this.bridge?.close();
    return this.thread.terminate();
  }
}
