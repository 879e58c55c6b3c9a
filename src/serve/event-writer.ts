// The write queue of denial Events: Events wait in order, at most `maxPending` of them, and
// are written (created, or their raised count patched) as a token bucket allows: a burst,
// then a steady rate, so a burst of denials never becomes a burst of requests to the API
// server; when serve stops, what is left is written without waiting for tokens, for a
// bounded time. An Event is in the queue at most once and is written with its count at the
// time of writing, so repeats while it waits cost nothing. A write the API server could not
// answer (unreachable, 429, 5xx) is retried at the head of the queue after a growing pause;
// one it refuses (another 4xx) is given up, as client-go's recorder gives it up.
import { eventName, type EventSink } from "./denial-event.ts";
import type { Aggregate } from "./event-correlator.ts";
import { TokenBucket } from "./token-bucket.ts";

export interface WriterLimits {
  burst: number;
  writesPerSecond: number;
  maxPending: number;
}

export interface WriterReport {
  written(action: "created" | "updated"): void;
  retried(reason: string): void;
  failed(reason: string): void;
  /** An Event whose creation was refused: nothing of it is on the API server. */
  abandoned(aggregate: Aggregate): void;
}

/** Writes at once; more would only queue inside the API client. */
const MAX_IN_FLIGHT = 4;
const MAX_ATTEMPTS = 6;
const FIRST_RETRY_MS = 1000;
const HTTP_NOT_FOUND = 404;
const HTTP_TOO_MANY_REQUESTS = 429;
const HTTP_SERVER_ERROR = 500;

const retryable = (status: number | undefined) => status === undefined || status === HTTP_TOO_MANY_REQUESTS || status >= HTTP_SERVER_ERROR;

export class EventWriter {
  private readonly queue: Aggregate[] = [];
  private readonly bucket: TokenBucket;
  private inFlight = 0;
  private timer: NodeJS.Timeout | null = null;
  private resumeAt = 0;
  /** While stopping: a count raised during its write is queued again at once. */
  private closing = false;
  private stopped = false;
  private hurried = false;
  private settled: (() => void) | null = null;

  constructor(private readonly sink: EventSink, private readonly limits: WriterLimits, private readonly report: WriterReport) {
    this.bucket = new TokenBucket(limits.burst, limits.writesPerSecond);
  }

  /** Events queued or being written. */
  get pending(): number {
    return this.queue.length + this.inFlight;
  }

  /** Writes sent and not answered yet. */
  get unanswered(): number {
    return this.inFlight;
  }

  get full(): boolean {
    return this.pending >= this.limits.maxPending;
  }

  /** Queues the Event's creation or raised count; false when the queue is full. */
  enqueue(aggregate: Aggregate): boolean {
    if (aggregate.pending) return true;
    if (this.full || this.stopped) return false;
    aggregate.pending = true;
    this.queue.push(aggregate);
    this.pump();
    return true;
  }

  private pump(): void {
    while (!this.timer && !this.stopped && this.queue.length > 0 && this.inFlight < MAX_IN_FLIGHT) {
      const paused = this.resumeAt - Date.now();
      // Stopping writes what is left without the rate: at most maxPending writes, once.
      const wait = paused > 0 ? paused : this.closing ? 0 : this.bucket.take();
      if (wait > 0) {
        this.timer = setTimeout(() => {
          this.timer = null;
          this.pump();
        }, wait);
        return;
      }
      void this.write(this.queue.shift()!);
    }
    if (this.pending === 0) this.settled?.();
  }

  private async write(aggregate: Aggregate): Promise<void> {
    this.inFlight++;
    const { count, lastTimestamp, message, metadata } = aggregate.event;
    const created = !aggregate.stored;
    let again = false;
    try {
      if (created) await this.sink.createEvent({ ...aggregate.event });
      else await this.sink.updateEvent(metadata.namespace, metadata.name, { count, lastTimestamp, message });
      aggregate.stored = true;
      aggregate.written = count;
      aggregate.attempts = 0;
      this.report.written(created ? "created" : "updated");
      again = this.closing && aggregate.event.count > count;
    } catch (err) {
      again = this.failed(aggregate, err as Error & { status?: number }, count);
    } finally {
      this.inFlight--;
    }
    if (again) this.queue.unshift(aggregate);
    else aggregate.pending = false;
    this.pump();
  }

  /** Decides what a failed write becomes; true when it is to be written again. */
  private failed(aggregate: Aggregate, err: Error & { status?: number }, count: number): boolean {
    if (aggregate.stored && err.status === HTTP_NOT_FOUND) {
      // The Event expired (the API server keeps Events an hour) or was deleted: create it anew.
      aggregate.stored = false;
      aggregate.event = { ...aggregate.event, metadata: { ...aggregate.event.metadata, name: eventName(aggregate.event.involvedObject) } };
      return true;
    }
    if (retryable(err.status) && ++aggregate.attempts < MAX_ATTEMPTS) {
      this.resumeAt = Math.max(this.resumeAt, Date.now() + FIRST_RETRY_MS * 2 ** (aggregate.attempts - 1));
      this.report.retried(err.message);
      return true;
    }
    aggregate.attempts = 0;
    this.report.failed(err.message);
    if (aggregate.stored) aggregate.written = count;
    else this.report.abandoned(aggregate);
    return false;
  }

  /**
   * Writes what is queued, no longer waiting for tokens, until nothing is, `timeoutMs` has
   * passed or `hurry` is called, then stops; counts raised meanwhile are written too.
   */
  async drain(timeoutMs: number): Promise<void> {
    this.closing = true;
    if (this.hurried) this.stopped = true;
    if (this.timer && this.resumeAt <= Date.now()) {
      // Waiting for a token, which stopping does not do (a pause after a failure stays).
      clearTimeout(this.timer);
      this.timer = null;
    }
    this.pump();
    if (this.pending > 0 && !this.stopped) {
      await new Promise<void>((done) => {
        const deadline = setTimeout(() => this.settled?.(), timeoutMs);
        this.settled = () => {
          clearTimeout(deadline);
          this.settled = null;
          done();
        };
      });
    }
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Ends a drain now, or makes the next one end at once. */
  hurry(): void {
    this.hurried = true;
    this.settled?.();
  }
}
