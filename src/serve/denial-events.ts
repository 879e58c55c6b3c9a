// A Kubernetes Event for each denial in protect mode, about the denied object, accounted for
// one by one: a denial creates an Event or raises the count of the one it repeats
// (event-correlator.ts); new Events and raised counts wait in a bounded queue and are written
// at a limited rate (event-writer.ts). A denial is only left without an Event when the queue
// is full (shed), when the API server refuses the write, or when serve stops before it is
// written; each is counted, and logged once per interval with its number, not once per denial.
import { denialMessage, involvedObject, type EventSink } from "./denial-event.ts";
import { EventCorrelator } from "./event-correlator.ts";
import { EventWriter } from "./event-writer.ts";
import type { DenialSubject } from "./protocol.ts";
import { DEFAULT_EVENT_BURST, DEFAULT_EVENT_QPS, EVENTS_CLOSE_TIMEOUT_MS } from "./defaults.ts";

export type EventAction = "created" | "updated" | "retried" | "failed" | "shed" | "unwritten";

export interface DenialEventsOptions {
  /** How often raised counts are queued for writing, and trouble is logged. */
  flushIntervalMs?: number;
  /** A repeat after this long without denials starts a new Event. */
  aggregationWindowMs?: number;
  /** Different messages about one object that get an Event each; later ones share one combined Event. */
  maxDistinctPerObject?: number;
  /** Events remembered for aggregation. */
  maxTracked?: number;
  /** Writes the API server may get at once, then `writesPerSecond`. */
  burst?: number;
  writesPerSecond?: number;
  /** Events waiting to be written, past which a denial that needs a new Event is shed. */
  maxPending?: number;
  /** How long stopping writes what is pending (without the rate limit). */
  closeTimeoutMs?: number;
  reportingInstance?: string;
  log?(line: string): void;
  onAction?(action: EventAction, count: number): void;
}

/**
 * The defaults. The rate is the kubelet's for its Events (eventBurst 100, eventRecordQPS 50),
 * shared by every object; the queue's bound is client-go's (its recorder queues 1000 Events),
 * and so are the aggregation's (4096 Events remembered, 10 messages per object in 10 minutes).
 */
export const EVENT_DEFAULTS: Required<Omit<DenialEventsOptions, "log" | "onAction">> = {
  flushIntervalMs: 5000,
  aggregationWindowMs: 10 * 60 * 1000,
  maxDistinctPerObject: 10,
  maxTracked: 4096,
  burst: DEFAULT_EVENT_BURST,
  writesPerSecond: DEFAULT_EVENT_QPS,
  maxPending: 1000,
  closeTimeoutMs: EVENTS_CLOSE_TIMEOUT_MS,
  reportingInstance: "localhost",
};

/** How many times each reason came up; a handful of reasons, the rest counted together. */
class Tally {
  private readonly reasons = new Map<string, number>();
  total = 0;
  private static readonly MAX_REASONS = 5;

  add(reason: string): void {
    this.total++;
    const key = this.reasons.has(reason) || this.reasons.size < Tally.MAX_REASONS ? reason : "other reasons";
    this.reasons.set(key, (this.reasons.get(key) ?? 0) + 1);
  }

  /** The reasons, each with its count when there is more than one. */
  take(): string {
    const text = this.reasons.size === 1 ? [...this.reasons.keys()][0] : [...this.reasons].map(([reason, n]) => `${reason} (${n})`).join("; ");
    this.reasons.clear();
    this.total = 0;
    return text;
  }
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

export class DenialEvents {
  private readonly options: typeof EVENT_DEFAULTS & Pick<DenialEventsOptions, "log" | "onAction">;
  private readonly correlator: EventCorrelator;
  private readonly writer: EventWriter;
  private readonly timer: NodeJS.Timeout;
  private shed = 0;
  private readonly retries = new Tally();
  private readonly failures = new Tally();

  constructor(sink: EventSink, options: DenialEventsOptions = {}) {
    this.options = { ...EVENT_DEFAULTS, ...options };
    const o = this.options;
    this.correlator = new EventCorrelator({ windowMs: o.aggregationWindowMs, maxDistinctPerObject: o.maxDistinctPerObject, maxTracked: o.maxTracked });
    this.writer = new EventWriter(sink, { burst: o.burst, writesPerSecond: o.writesPerSecond, maxPending: o.maxPending }, {
      written: (action) => this.action(action),
      retried: (reason) => (this.retries.add(reason), this.action("retried")),
      failed: (reason) => (this.failures.add(reason), this.action("failed")),
      abandoned: (aggregate) => this.correlator.forget(aggregate),
    });
    this.timer = setInterval(() => this.tick(), o.flushIntervalMs);
    this.timer.unref();
  }

  private action(action: EventAction, count = 1): void {
    this.options.onAction?.(action, count);
  }

  /** Events waiting to be written (queued or being written). */
  get pending(): number {
    return this.writer.pending;
  }

  record(policyId: string, subject: DenialSubject): void {
    const { ref, namespace } = involvedObject(subject);
    const now = Date.now();
    const slot = this.correlator.locate(namespace, ref, denialMessage(policyId, subject), now);
    if (slot.existing) return this.correlator.raise(slot.existing, slot.message, now);
    const aggregate = this.writer.full ? null : this.correlator.add(slot, now, this.options.reportingInstance);
    if (!aggregate) {
      this.shed++;
      return this.action("shed");
    }
    this.writer.enqueue(aggregate);
  }

  /** Queues the raised counts, forgets quiet Events, and says what went wrong since the last tick. */
  private tick(): void {
    this.queueRaisedCounts();
    this.correlator.expire(Date.now());
    this.report();
  }

  /** Queues the stored Events whose count was raised, as long as the queue has room. */
  private queueRaisedCounts(): void {
    for (const aggregate of this.correlator.raised()) if (!this.writer.enqueue(aggregate)) break;
  }

  private log(line: string): void {
    this.options.log?.(line);
  }

  private report(): void {
    const interval = `${this.options.flushIntervalMs / 1000} s`;
    if (this.shed > 0) {
      this.log(`${plural(this.shed, "denial")} in the last ${interval} got no Event: the queue of Events waiting to be written was full (${this.options.maxPending})`);
      this.shed = 0;
    }
    if (this.retries.total > 0) this.log(`${plural(this.retries.total, "denial Event write")} in the last ${interval} will be retried: ${this.retries.take()}`);
    if (this.failures.total > 0) this.log(`could not write ${plural(this.failures.total, "denial Event")} in the last ${interval}: ${this.failures.take()}`);
  }

  /** Writes what is pending, without the rate limit, for at most `closeTimeoutMs`, and says what could not be. */
  async close(): Promise<void> {
    clearInterval(this.timer);
    this.queueRaisedCounts();
    const waiting = this.correlator.unwrittenCount();
    if (waiting > 0) this.log(`writing ${plural(waiting, "pending denial Event")} (waiting at most ${this.options.closeTimeoutMs / 1000} s)`);
    await this.writer.drain(this.options.closeTimeoutMs);
    this.report();
    // A write sent but not answered is counted when its answer comes, if it comes before the exit.
    const unanswered = this.writer.unanswered;
    const left = this.correlator.unwrittenCount() - unanswered;
    if (left > 0) this.action("unwritten", left);
    const parts = [
      ...(left > 0 ? [`${plural(left, "denial Event")} not written (new ones or raised counts)`] : []),
      ...(unanswered > 0 ? [`${plural(unanswered, "write")} unanswered`] : []),
    ];
    if (parts.length > 0) this.log(`stopped with ${parts.join(" and ")}`);
  }

  /** Ends the writing of pending Events now (a second signal). */
  hurry(): void {
    this.writer.hurry();
  }
}
