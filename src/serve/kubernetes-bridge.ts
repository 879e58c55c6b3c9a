// Live Kubernetes reads for policies running in worker threads. Host calls are
// synchronous inside wasm, but the API client is asynchronous and lives on the
// main thread (one connection pool, one cache for all workers). So the worker
// posts the request on a dedicated port and blocks in Atomics.wait; the main
// thread performs the call, posts the answer and wakes it; the worker takes
// the answer with receiveMessageOnPort. A policy stuck waiting is still bounded
// by the evaluation timeout, which terminates its worker.
import { MessageChannel, receiveMessageOnPort, type MessagePort } from "node:worker_threads";
import { HostCallError } from "../host/guest.ts";
import { KUBERNETES_SOURCE_METHODS, type KubernetesSource } from "../host/capabilities/kubernetes-requests.ts";

/** The asynchronous counterpart of KubernetesSource (method for method), answered on the main thread. */
export type AsyncKubernetesSource = {
  [Method in keyof KubernetesSource]: (request: Parameters<KubernetesSource[Method]>[0]) => Promise<unknown>;
};

type Operation = keyof KubernetesSource;
type Call = { operation: Operation; request: unknown };
type Answer = { value: unknown } | { error: string };

/** What a worker receives (through workerData) to reach the main thread. */
export interface BridgeEnd {
  port: MessagePort;
  signal: Int32Array;
}

const WAITING = 0;
const ANSWERED = 1;

function call(end: BridgeEnd, operation: Operation, request: unknown): unknown {
  Atomics.store(end.signal, 0, WAITING);
  end.port.postMessage({ operation, request } satisfies Call);
  Atomics.wait(end.signal, 0, WAITING);
  const answer = receiveMessageOnPort(end.port)?.message as Answer | undefined;
  if (!answer) throw new HostCallError("the Kubernetes bridge woke up without an answer");
  if ("error" in answer) throw new HostCallError(answer.error);
  return answer.value;
}

/** Worker side: a synchronous KubernetesSource whose every method is forwarded to the main thread. */
export function bridgedKubernetesSource(end: BridgeEnd): KubernetesSource {
  return Object.fromEntries(
    KUBERNETES_SOURCE_METHODS.map((operation) => [operation, (request: unknown) => call(end, operation, request)]),
  ) as unknown as KubernetesSource;
}

/** Main side: answers one worker's calls from `source`; returns the end to hand to the worker. */
export function openBridge(source: AsyncKubernetesSource): { workerEnd: BridgeEnd; close(): void } {
  const { port1, port2 } = new MessageChannel();
  const signal = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
  port1.on("message", async ({ operation, request }: Call) => {
    let answer: Answer;
    try {
      answer = { value: await source[operation](request as never) };
    } catch (err) {
      answer = { error: err instanceof Error ? err.message : String(err) };
    }
    port1.postMessage(answer);
    Atomics.store(signal, 0, ANSWERED);
    Atomics.notify(signal, 0);
  });
  port1.unref();
  return { workerEnd: { port: port2, signal }, close: () => port1.close() };
}
