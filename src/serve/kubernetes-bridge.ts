// Live Kubernetes reads for policies running in worker threads. Host calls are
// synchronous inside wasm, but the API client is asynchronous and lives on the
// main thread (one connection pool, one cache for all workers). So the worker
// posts the request on a dedicated port and blocks in Atomics.wait; the main
// thread performs the call, posts the answer and wakes it; the worker takes
// the answer with receiveMessageOnPort. A policy stuck waiting is still bounded
// by the evaluation timeout, which terminates its worker.
import { MessageChannel, receiveMessageOnPort, type MessagePort } from "node:worker_threads";
import { HostCallError } from "../host/guest.ts";
import type {
  GetResourceRequest, KubernetesSource, ListAllRequest, ListByNamespaceRequest,
} from "../host/capabilities/kubernetes-requests.ts";

/** The asynchronous counterpart of KubernetesSource, answered on the main thread. */
export interface AsyncKubernetesSource {
  listByNamespace(request: ListByNamespaceRequest): Promise<unknown>;
  listAll(request: ListAllRequest): Promise<unknown>;
  getResource(request: GetResourceRequest): Promise<unknown>;
}

type Operation = keyof AsyncKubernetesSource;
type Call = { operation: Operation; request: unknown };
type Answer = { value: unknown } | { error: string };

/** What a worker receives (through workerData) to reach the main thread. */
export interface BridgeEnd {
  port: MessagePort;
  signal: Int32Array;
}

const WAITING = 0;
const ANSWERED = 1;

/** Worker side: a synchronous KubernetesSource. */
export class BridgedKubernetesSource implements KubernetesSource {
  constructor(private readonly end: BridgeEnd) {}

  private call(operation: Operation, request: unknown): unknown {
    Atomics.store(this.end.signal, 0, WAITING);
    this.end.port.postMessage({ operation, request } satisfies Call);
    Atomics.wait(this.end.signal, 0, WAITING);
    const answer = receiveMessageOnPort(this.end.port)?.message as Answer | undefined;
    if (!answer) throw new HostCallError("the Kubernetes bridge woke up without an answer");
    if ("error" in answer) throw new HostCallError(answer.error);
    return answer.value;
  }

  listByNamespace(request: ListByNamespaceRequest): unknown {
    return this.call("listByNamespace", request);
  }

  listAll(request: ListAllRequest): unknown {
    return this.call("listAll", request);
  }

  getResource(request: GetResourceRequest): unknown {
    return this.call("getResource", request);
  }
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
