// A Kubernetes Event (reason PolicyViolation, type Warning) for each denial in
// protect mode, about the denied object. Repeats
// are aggregated the way client-go's recorder does: the first denial creates
// the Event, later identical ones only raise its count, written back at most
// once per flush interval; new Events per interval are capped, so a burst of
// denials costs the API server a handful of requests.
import { randomBytes } from "node:crypto";
import type { DenialSubject } from "./protocol.ts";

export interface ObjectReference {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
  uid?: string;
}

export interface CoreEvent {
  apiVersion: "v1";
  kind: "Event";
  metadata: { name: string; namespace: string };
  involvedObject: ObjectReference;
  reason: string;
  type: "Warning";
  message: string;
  count: number;
  firstTimestamp: string;
  lastTimestamp: string;
  source: { component: string };
  reportingComponent: string;
  reportingInstance: string;
}

/** Where Events are written: the live cluster, or a fake in tests. */
export interface EventSink {
  createEvent(event: CoreEvent): Promise<void>;
  updateEventCount(namespace: string, name: string, count: number, lastTimestamp: string): Promise<void>;
}

export interface DenialEventsOptions {
  flushIntervalMs?: number;
  /** A repeat after this long without denials starts a new Event. */
  aggregationWindowMs?: number;
  maxNewEventsPerInterval?: number;
  reportingInstance?: string;
  onAction?(action: "created" | "updated" | "dropped" | "failed", detail?: string): void;
}

export const EVENT_REASON = "PolicyViolation";
export const EVENT_COMPONENT = "wardenkit-serve";
const MAX_MESSAGE_LENGTH = 1024;

interface Aggregate {
  event: CoreEvent;
  created: Promise<boolean>;
  written: number;
  lastSeen: number;
}

function apiVersionOf(kind: DenialSubject["kind"]): string {
  return kind.group ? `${kind.group}/${kind.version}` : kind.version;
}

/**
 * The Event's subject and the namespace it lives in. As the API server requires, an Event
 * lives in its object's namespace; a cluster-scoped object (a Namespace included) has no
 * namespace in the reference and its Events live in `default`. An object that does not
 * exist yet is named without a uid.
 */
export function involvedObject(subject: DenialSubject): { ref: ObjectReference; namespace: string } {
  const { kind } = subject;
  const ref: ObjectReference = { apiVersion: apiVersionOf(kind), kind: kind.kind, name: subject.name ?? kind.kind.toLowerCase() };
  if (subject.uid) ref.uid = subject.uid;
  // For a Namespace the request's namespace is the Namespace itself, not where it lives.
  const namespace = kind.group === "" && kind.kind === "Namespace" ? undefined : subject.namespace;
  if (namespace) ref.namespace = namespace;
  return { ref, namespace: namespace ?? "default" };
}

function describe(policyId: string, subject: DenialSubject): string {
  const target = subject.name ? `${subject.namespace ? `${subject.namespace}/` : ""}${subject.name}` : `a new ${subject.kind.kind}`;
  const text = `policy ${policyId} denied ${subject.operation} of ${subject.kind.kind} ${target}: ${subject.message}`;
  return text.length > MAX_MESSAGE_LENGTH ? `${text.slice(0, MAX_MESSAGE_LENGTH - 1)}…` : text;
}

export class DenialEvents {
  private readonly aggregates = new Map<string, Aggregate>();
  private readonly timer: NodeJS.Timeout;
  private createdThisInterval = 0;
  private readonly options: Required<Omit<DenialEventsOptions, "onAction">> & Pick<DenialEventsOptions, "onAction">;

  constructor(private readonly sink: EventSink, options: DenialEventsOptions = {}) {
    this.options = {
      flushIntervalMs: 5000,
      aggregationWindowMs: 10 * 60 * 1000,
      maxNewEventsPerInterval: 25,
      reportingInstance: "localhost",
      ...options,
    };
    this.timer = setInterval(() => void this.flush(), this.options.flushIntervalMs);
    this.timer.unref();
  }

  record(policyId: string, subject: DenialSubject): void {
    const { ref, namespace } = involvedObject(subject);
    const message = describe(policyId, subject);
    const key = JSON.stringify([namespace, ref, message]);
    const now = Date.now();
    const existing = this.aggregates.get(key);
    if (existing && now - existing.lastSeen < this.options.aggregationWindowMs) {
      existing.event.count++;
      existing.event.lastTimestamp = new Date(now).toISOString();
      existing.lastSeen = now;
      return;
    }
    if (this.createdThisInterval >= this.options.maxNewEventsPerInterval) {
      this.options.onAction?.("dropped");
      return;
    }
    this.createdThisInterval++;
    const stamp = new Date(now).toISOString();
    const event: CoreEvent = {
      apiVersion: "v1",
      kind: "Event",
      metadata: { name: `${ref.name}.${randomBytes(8).toString("hex")}`, namespace },
      involvedObject: ref,
      reason: EVENT_REASON,
      type: "Warning",
      message,
      count: 1,
      firstTimestamp: stamp,
      lastTimestamp: stamp,
      source: { component: EVENT_COMPONENT },
      reportingComponent: EVENT_COMPONENT,
      reportingInstance: this.options.reportingInstance,
    };
    const created = this.sink.createEvent({ ...event }).then(
      () => (this.options.onAction?.("created"), true),
      (err: Error) => (this.aggregates.delete(key), this.options.onAction?.("failed", err.message), false),
    );
    this.aggregates.set(key, { event, created, written: 1, lastSeen: now });
  }

  /** Writes raised counts back and forgets aggregates older than the window. */
  async flush(): Promise<void> {
    this.createdThisInterval = 0;
    const now = Date.now();
    const writes: Promise<void>[] = [];
    for (const [key, aggregate] of this.aggregates) {
      if (aggregate.event.count > aggregate.written) writes.push(this.writeCount(aggregate));
      else if (now - aggregate.lastSeen >= this.options.aggregationWindowMs) this.aggregates.delete(key);
    }
    await Promise.all(writes);
  }

  private async writeCount(aggregate: Aggregate): Promise<void> {
    if (!(await aggregate.created)) return;
    const { count, lastTimestamp, metadata } = aggregate.event;
    try {
      await this.sink.updateEventCount(metadata.namespace, metadata.name, count, lastTimestamp);
      aggregate.written = count;
      this.options.onAction?.("updated");
    } catch (err) {
      this.options.onAction?.("failed", (err as Error).message);
    }
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await Promise.all([...this.aggregates.values()].map((a) => a.created));
    await this.flush();
  }
}
