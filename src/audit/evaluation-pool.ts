// The audit's bounded pool of evaluating threads: each loads the plan once and judges the
// batches of objects it is handed; a batch goes to the thread with the fewest in hand. A
// thread that dies fails its batches (their objects reported as `error`, never as passing) and
// is replaced. The main thread answers the threads' live host calls, so it never blocks.
import { once } from "node:events";
import { Worker } from "node:worker_threads";
import type { KubernetesObject } from "../kubewarden/kubernetes-object.ts";
import { LIVE_CALL_TIMEOUT_MS } from "../host/live/deadline.ts";
import { openBridge, type BridgeEnd, type LiveSources } from "../serve/kubernetes-bridge.ts";
import type { AuditPolicy, FetchedModule } from "./audit-policies.ts";
import type { AuditResult } from "./audit-result.ts";
import type { ListedResource } from "./cluster-reader.ts";

/** Compiled, a thread starts from audit-worker.js; from source, through serve's bootstrap that registers tsx. */
const FROM_SOURCE = import.meta.url.endsWith(".ts");
const ENTRY = FROM_SOURCE ? new URL("../serve/worker-bootstrap.mjs", import.meta.url) : new URL("./audit-worker.js", import.meta.url);
/** Beyond a host call's own deadline, the margin the main thread has to post its answer. */
const ANSWER_MARGIN_MS = 2000;

/** What a thread is given once: the policies (without their loaded modules), the modules' bytes, the namespaces. */
export interface WorkerPlan {
  policies: Omit<AuditPolicy, "loaded">[];
  modules: FetchedModule[];
  namespaces: KubernetesObject[];
  controllerNamespace: string;
  bridge: BridgeEnd;
  entry?: string;
}

export interface BatchJob {
  id: number;
  resource: ListedResource;
  /** Indexes of the plan's policies that judge these objects. */
  policies: number[];
  objects: KubernetesObject[];
}

type Settle = { resolve(results: AuditResult[]): void; reject(err: Error): void };

class EvaluatingThread {
  readonly pending = new Map<number, Settle>();
  readonly ready: Promise<unknown>;
  private readonly thread: Worker;
  private readonly bridge: ReturnType<typeof openBridge>;
  dead = false;

  constructor(plan: Omit<WorkerPlan, "bridge" | "entry">, sources: LiveSources, onDeath: (thread: EvaluatingThread) => void) {
    this.bridge = openBridge(sources);
    const bridge = { ...this.bridge.workerEnd, waitMs: LIVE_CALL_TIMEOUT_MS + ANSWER_MARGIN_MS };
    const data: WorkerPlan = { ...plan, bridge, ...(FROM_SOURCE ? { entry: new URL("./audit-worker.ts", import.meta.url).href } : {}) };
    this.thread = new Worker(ENTRY, { workerData: data, transferList: [bridge.port] });
    this.ready = once(this.thread, "message");
    this.ready.catch(() => undefined);
    this.thread.on("message", (message: { id?: number; results?: AuditResult[] }) => {
      if (message.id === undefined) return;
      this.pending.get(message.id)?.resolve(message.results ?? []);
      this.pending.delete(message.id);
    });
    const die = (why: string) => {
      if (this.dead) return;
      this.dead = true;
      this.bridge.close();
      for (const settle of this.pending.values()) settle.reject(new Error(why));
      this.pending.clear();
      onDeath(this);
    };
    this.thread.on("error", (err) => die(`the evaluating thread crashed: ${err.message}`));
    this.thread.on("exit", (code) => die(`the evaluating thread exited (code ${code})`));
  }

  run(job: BatchJob): Promise<AuditResult[]> {
    return new Promise((resolve, reject) => {
      this.pending.set(job.id, { resolve, reject });
      this.thread.postMessage(job);
    });
  }

  async stop(): Promise<void> {
    this.dead = true;
    this.bridge.close();
    await this.thread.terminate();
  }
}

export class EvaluationPool {
  private threads: EvaluatingThread[] = [];
  private nextId = 0;
  private stopped = false;
  private readonly plan: Omit<WorkerPlan, "bridge" | "entry">;

  constructor(policies: AuditPolicy[], modules: FetchedModule[], namespaces: KubernetesObject[], controllerNamespace: string, private readonly sources: LiveSources, size: number) {
    this.plan = { policies: policies.map(({ loaded: _, ...rest }) => rest), modules, namespaces, controllerNamespace };
    for (let i = 0; i < size; i++) this.threads.push(this.start());
  }

  private start(): EvaluatingThread {
    return new EvaluatingThread(this.plan, this.sources, (dead) => {
      const at = this.threads.indexOf(dead);
      if (at >= 0 && !this.stopped) this.threads[at] = this.start();
    });
  }

  /** The results of a batch, judged by the thread with the fewest batches in hand. */
  evaluate(resource: ListedResource, policies: number[], objects: KubernetesObject[]): Promise<AuditResult[]> {
    const thread = this.threads.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
    return thread.run({ id: this.nextId++, resource, policies, objects });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all(this.threads.map((t) => t.stop()));
  }
}
