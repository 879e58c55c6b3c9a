// What a denial's Kubernetes Event says and where it lives (reason PolicyViolation, type
// Warning, about the denied object), and where Events are written.
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

/** What a count update changes in a stored Event. */
export type EventUpdate = Pick<CoreEvent, "count" | "lastTimestamp" | "message">;

/**
 * Where Events are written: the live cluster, or a fake in tests. A write the API server
 * answers with an error status throws an Error carrying that `status`; one that never got
 * an answer (unreachable, reset) throws one without.
 */
export interface EventSink {
  createEvent(event: CoreEvent): Promise<void>;
  updateEvent(namespace: string, name: string, update: EventUpdate): Promise<void>;
}

export const EVENT_REASON = "PolicyViolation";
export const EVENT_COMPONENT = "wardenkit-serve";
const MAX_MESSAGE_LENGTH = 1024;

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

/** Cut to the length an Event's message is kept at. */
export function eventMessage(text: string): string {
  return text.length > MAX_MESSAGE_LENGTH ? `${text.slice(0, MAX_MESSAGE_LENGTH - 1)}…` : text;
}

export function denialMessage(policyId: string, subject: DenialSubject): string {
  const target = subject.name ? `${subject.namespace ? `${subject.namespace}/` : ""}${subject.name}` : `a new ${subject.kind.kind}`;
  return eventMessage(`policy ${policyId} denied ${subject.operation} of ${subject.kind.kind} ${target}: ${subject.message}`);
}

/** A fresh name, as client-go names Events: the object's name and a unique suffix. */
export function eventName(ref: ObjectReference): string {
  return `${ref.name}.${randomBytes(8).toString("hex")}`;
}

export function newEvent(ref: ObjectReference, namespace: string, message: string, at: Date, reportingInstance: string): CoreEvent {
  const stamp = at.toISOString();
  return {
    apiVersion: "v1",
    kind: "Event",
    metadata: { name: eventName(ref), namespace },
    involvedObject: ref,
    reason: EVENT_REASON,
    type: "Warning",
    message,
    count: 1,
    firstTimestamp: stamp,
    lastTimestamp: stamp,
    source: { component: EVENT_COMPONENT },
    reportingComponent: EVENT_COMPONENT,
    reportingInstance,
  };
}
