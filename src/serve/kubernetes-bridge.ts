// Live host calls for policies running on another thread: the kubernetes reads
// and the external (OCI, DNS, crypto) capabilities. Host calls are synchronous
// inside wasm, but the live sources are asynchronous and live on one thread (for
// serve, the main thread: one connection pool, one cache for all workers). So the
// evaluating thread posts the request on a dedicated port and blocks in
// Atomics.wait; the sources' thread performs the call, posts the answer and wakes
// it; the evaluating thread takes the answer with receiveMessageOnPort. A policy
// stuck waiting is still bounded by the evaluation timeout, which terminates its
// worker, and each external call by its own deadline.
import { MessageChannel, receiveMessageOnPort, type MessagePort } from "node:worker_threads";
import { HostCallError } from "../host/guest.ts";
import { KUBERNETES_SOURCE_METHODS, type KubernetesSource } from "../host/capabilities/kubernetes-requests.ts";
import { EXTERNAL_SOURCE_METHODS, type AsyncExternalSource, type ExternalSource } from "../host/capabilities/external-requests.ts";

/** The asynchronous counterpart of KubernetesSource (method for method; can_i where the source can ask a cluster). */
export type AsyncKubernetesSource = {
  [Method in keyof KubernetesSource]: (request: Parameters<NonNullable<KubernetesSource[Method]>>[0]) => Promise<unknown>;
};

/** The live sources one bridge answers from. */
export interface LiveSources {
  kubernetes?: AsyncKubernetesSource;
  external?: AsyncExternalSource;
}

/** The same sources as the evaluating thread calls them: synchronously. */
export interface BridgedSources {
  kubernetes?: KubernetesSource;
  external?: ExternalSource;
}

type SourceName = keyof LiveSources;
type Call = { source: SourceName; operation: string; request: unknown };
type Answer = { value: unknown } | { error: string };

/** What the evaluating thread receives (through workerData, or a message) to reach the sources' thread. */
export interface BridgeEnd {
  port: MessagePort;
  signal: Int32Array;
  /** The methods each source has, so that the evaluating side offers exactly those. */
  methods: Partial<Record<SourceName, string[]>>;
  /** How long the evaluating thread waits for one answer; none: until its own evaluation timeout stops it. */
  waitMs?: number;
  /** Set once an answer did not come in time: a late one would answer the wrong call. */
  broken?: boolean;
}

const WAITING = 0;
const ANSWERED = 1;
const METHODS: Record<SourceName, readonly string[]> = { kubernetes: KUBERNETES_SOURCE_METHODS, external: EXTERNAL_SOURCE_METHODS };

function call(end: BridgeEnd, source: SourceName, operation: string, request: unknown): unknown {
  if (end.broken) throw new HostCallError("the live host call sources stopped answering");
  Atomics.store(end.signal, 0, WAITING);
  end.port.postMessage({ source, operation, request } satisfies Call);
  if (Atomics.wait(end.signal, 0, WAITING, end.waitMs) === "timed-out") {
    end.broken = true;
    throw new HostCallError(`the live host call ${operation} got no answer in ${end.waitMs! / 1000} s`);
  }
  const answer = receiveMessageOnPort(end.port)?.message as Answer | undefined;
  if (!answer) throw new HostCallError("the host call bridge woke up without an answer");
  if ("error" in answer) throw new HostCallError(answer.error);
  return answer.value;
}

/** Evaluating side: synchronous sources whose every method is forwarded to the sources' thread. */
export function bridgedSources(end: BridgeEnd): BridgedSources {
  const forwarding = ([source, methods]: [string, string[]]) =>
    [source, Object.fromEntries(methods.map((operation) => [operation, (request: unknown) => call(end, source as SourceName, operation, request)]))];
  return Object.fromEntries(Object.entries(end.methods).map(forwarding)) as BridgedSources;
}

/** Sources' side: answers one evaluating thread's calls from `sources`; returns the end to hand to it. */
export function openBridge(sources: LiveSources): { workerEnd: BridgeEnd; close(): void } {
  const { port1, port2 } = new MessageChannel();
  const signal = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
  port1.on("message", async ({ source, operation, request }: Call) => {
    let answer: Answer;
    try {
      const target = sources[source] as Record<string, (request: unknown) => Promise<unknown>>;
      answer = { value: await target[operation](request) };
    } catch (err) {
      answer = { error: err instanceof Error ? err.message : String(err) };
    }
    port1.postMessage(answer);
    Atomics.store(signal, 0, ANSWERED);
    Atomics.notify(signal, 0);
  });
  port1.unref();
  const methods: BridgeEnd["methods"] = {};
  for (const name of Object.keys(METHODS) as SourceName[]) {
    const source = sources[name] as Record<string, unknown> | undefined;
    if (source) methods[name] = METHODS[name].filter((method) => typeof source[method] === "function");
  }
  return { workerEnd: { port: port2, signal, methods }, close: () => port1.close() };
}
