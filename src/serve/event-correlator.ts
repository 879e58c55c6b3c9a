// Which Event a denial counts in, as client-go's EventCorrelator decides: a denial of the
// same object with the same message (which names the policy) as one seen within the window
// raises that Event's count; once an object has Events with `maxDistinctPerObject` different
// messages within the window, its further new messages go into one combined Event for the
// object, so that no object holds more than that many Events (plus its combined one) in the
// write queue. What is tracked is bounded (`maxTracked`, least recently seen forgotten first),
// so memory stays bounded whatever the denials.
import { eventMessage, newEvent, type CoreEvent, type ObjectReference } from "./denial-event.ts";

/** client-go's wording for an Event that combines an object's different messages. */
export const COMBINED_PREFIX = "(combined from similar events): ";

export interface CorrelatorLimits {
  /** A denial after this long without its Event being raised starts a new Event. */
  windowMs: number;
  maxDistinctPerObject: number;
  maxTracked: number;
}

/** One Event as serve tracks it: what it says now, and what the API server has of it. */
export interface Aggregate {
  readonly key: string;
  readonly objectKey: string;
  readonly combined: boolean;
  event: CoreEvent;
  /** The API server has the Event (it was created), with `written` as its count. */
  stored: boolean;
  written: number;
  /** In the write queue or being written. */
  pending: boolean;
  /** Failed attempts of the write in progress. */
  attempts: number;
  lastSeen: number;
}

/** Where a denial belongs: an Event being counted, or the key and message of a new one. */
export interface Slot {
  key: string;
  objectKey: string;
  combined: boolean;
  message: string;
  ref: ObjectReference;
  namespace: string;
  existing?: Aggregate;
}

export const unwritten = (a: Aggregate): boolean => a.pending || a.event.count > a.written;

export class EventCorrelator {
  /** Least recently seen first: a raised Event moves to the end. */
  private readonly aggregates = new Map<string, Aggregate>();
  /** Per object: how many Events with a message of their own it has (the combined one not counted). */
  private readonly distinct = new Map<string, number>();

  constructor(private readonly limits: CorrelatorLimits) {}

  locate(namespace: string, ref: ObjectReference, message: string, now: number): Slot {
    const objectKey = JSON.stringify([namespace, ref]);
    const key = JSON.stringify([namespace, ref, message]);
    const own = this.current(key, now);
    if (own || (this.distinct.get(objectKey) ?? 0) < this.limits.maxDistinctPerObject) {
      return { key, objectKey, combined: false, message, ref, namespace, existing: own };
    }
    const combinedKey = `${objectKey} combined`;
    const combinedMessage = eventMessage(`${COMBINED_PREFIX}${message}`);
    return { key: combinedKey, objectKey, combined: true, message: combinedMessage, ref, namespace, existing: this.current(combinedKey, now) };
  }

  /** The tracked Event under `key`, unless it has been quiet for a whole window with nothing left to write. */
  private current(key: string, now: number): Aggregate | undefined {
    const aggregate = this.aggregates.get(key);
    if (!aggregate || now - aggregate.lastSeen < this.limits.windowMs || unwritten(aggregate)) return aggregate;
    this.forget(aggregate);
    return undefined;
  }

  raise(aggregate: Aggregate, message: string, now: number): void {
    aggregate.event.count++;
    aggregate.event.lastTimestamp = new Date(now).toISOString();
    aggregate.event.message = message;
    aggregate.lastSeen = now;
    this.aggregates.delete(aggregate.key);
    this.aggregates.set(aggregate.key, aggregate);
  }

  /** Tracks a new Event for the slot; null when every tracked Event still has something to write. */
  add(slot: Slot, now: number, reportingInstance: string): Aggregate | null {
    if (this.aggregates.size >= this.limits.maxTracked && !this.forgetOne()) return null;
    const aggregate: Aggregate = {
      key: slot.key, objectKey: slot.objectKey, combined: slot.combined,
      event: newEvent(slot.ref, slot.namespace, slot.message, new Date(now), reportingInstance),
      stored: false, written: 0, pending: false, attempts: 0, lastSeen: now,
    };
    this.aggregates.set(slot.key, aggregate);
    if (!slot.combined) this.distinct.set(slot.objectKey, (this.distinct.get(slot.objectKey) ?? 0) + 1);
    return aggregate;
  }

  /** Forgets the least recently seen Event that has nothing left to write. */
  private forgetOne(): boolean {
    for (const aggregate of this.aggregates.values()) {
      if (unwritten(aggregate)) continue;
      this.forget(aggregate);
      return true;
    }
    return false;
  }

  forget(aggregate: Aggregate): void {
    if (this.aggregates.get(aggregate.key) !== aggregate) return;
    this.aggregates.delete(aggregate.key);
    if (aggregate.combined) return;
    const left = (this.distinct.get(aggregate.objectKey) ?? 1) - 1;
    if (left > 0) this.distinct.set(aggregate.objectKey, left);
    else this.distinct.delete(aggregate.objectKey);
  }

  /** Stored Events whose count was raised since it was written, and not already queued. */
  raised(): Aggregate[] {
    return [...this.aggregates.values()].filter((a) => a.stored && !a.pending && a.event.count > a.written);
  }

  /** Forgets the Events quiet for a whole window with nothing left to write. */
  expire(now: number): void {
    for (const aggregate of this.aggregates.values()) if (!unwritten(aggregate) && now - aggregate.lastSeen >= this.limits.windowMs) this.forget(aggregate);
  }

  /** Events with something the API server does not have yet: a creation or a raised count. */
  unwrittenCount(): number {
    let count = 0;
    for (const aggregate of this.aggregates.values()) if (unwritten(aggregate)) count++;
    return count;
  }
}
