// The audit's bounded pool of evaluating threads: each loads the plan once and judges the
// batches of objects it is handed, answering object by object; a batch goes to the thread with
// the fewest in hand. An object whose evaluation outlives its deadline (a policy that loops), or
// a thread that crashes, ends that thread: the policy that was running on the object (read from
// the thread's EvaluationProgress) is reported as `error` with the reason (never as passing),
// the other policies judge the object again on the thread that replaces it, and the rest of its
// batches go there too. When no policy was running, the object is `error` for all of them.
// The main thread answers the threads' live host calls, so it never blocks.
import { once } from "node:events";
import { Worker } from "node:worker_threads";
import type { KubernetesObject } from "../kubewarden/kubernetes-object.ts";
import { LIVE_CALL_TIMEOUT_MS } from "../host/live/deadline.ts";
import { DEFAULT_POLICY_TIMEOUT_MS } from "../serve/defaults.ts";
import { openBridge, type BridgeEnd, type LiveSources } from "../serve/kubernetes-bridge.ts";
import type { AuditPolicy, FetchedModule } from "./audit-policies.ts";
import type { AuditResult } from "./audit-result.ts";
import { unevaluated } from "./audit-object.ts";
import { describeAuditor } from "./audit-output.ts";
import { EvaluationProgress } from "./evaluation-progress.ts";
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
  /** The shared slots of the thread's EvaluationProgress. */
  progress: Int32Array;
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

/** A thread's answer for the next object of a batch. */
export interface ObjectAnswer {
  id: number;
  results: AuditResult[];
}

/** A batch in hand: its results so far (one entry per object judged), and how to settle it. */
interface Pending {
  job: BatchJob;
  judged: AuditResult[][];
  settle(results: AuditResult[]): void;
}

/** Why a thread ended: said of the policy that was running when it is known, else of the object and the policies judging it. */
interface Death {
  policy: string;
  object: (policies: string) => string;
}

/** The same reason either way, the object's naming the policies that were judging it. */
const crashed = (reason: string): Death => ({ policy: reason, object: (policies) => `${reason}, while ${policies} judged this object` });

/** Pendings for jobs whose results, in order and after `first`, settle one batch. */
function inTurn(jobs: BatchJob[], first: AuditResult[], settle: (results: AuditResult[]) => void): Pending[] {
  if (!jobs.length) {
    settle(first);
    return [];
  }
  const parts: AuditResult[][] = [];
  let waiting = jobs.length;
  return jobs.map((job, at) => ({
    job, judged: [],
    settle: (results) => {
      parts[at] = results;
      if (--waiting === 0) settle([...first, ...parts.flat()]);
    },
  }));
}

/** How long one object may take: every policy's evaluation timeout (policy-server's default), plus one live call. */
function objectDeadlineMs(job: BatchJob): number {
  return job.policies.length * DEFAULT_POLICY_TIMEOUT_MS + LIVE_CALL_TIMEOUT_MS + ANSWER_MARGIN_MS;
}

class EvaluatingThread {
  readonly pending = new Map<number, Pending>();
  private readonly thread: Worker;
  private readonly bridge: ReturnType<typeof openBridge>;
  private readonly progress = new EvaluationProgress();
  private timer?: NodeJS.Timeout;
  private ready = false;
  private dead = false;

  constructor(
    plan: Omit<WorkerPlan, "bridge" | "entry" | "progress">,
    sources: LiveSources,
    /** The error results of objects that could not be judged. */
    private readonly unjudged: (objects: KubernetesObject[], job: BatchJob, why: string) => AuditResult[],
    private readonly died: (left: Pending[]) => void,
    private readonly nextId: () => number,
  ) {
    this.bridge = openBridge(sources);
    const bridge = { ...this.bridge.workerEnd, waitMs: LIVE_CALL_TIMEOUT_MS + ANSWER_MARGIN_MS };
    const data: WorkerPlan = { ...plan, progress: this.progress.slots, bridge, ...(FROM_SOURCE ? { entry: new URL("./audit-worker.ts", import.meta.url).href } : {}) };
    this.thread = new Worker(ENTRY, { workerData: data, transferList: [bridge.port] });
    once(this.thread, "message").then(() => ((this.ready = true), this.arm()), () => undefined);
    this.thread.on("message", (answer: Partial<ObjectAnswer>) => answer.id !== undefined && this.answered(answer as ObjectAnswer));
    this.thread.on("error", (err) => this.die(crashed(`the evaluating thread crashed: ${err.message}`)));
    this.thread.on("exit", (code) => this.die(crashed(`the evaluating thread exited (code ${code})`)));
  }

  private answered({ id, results }: ObjectAnswer): void {
    const pending = this.pending.get(id);
    if (!pending) return;
    pending.judged.push(results);
    if (pending.judged.length === pending.job.objects.length) {
      this.pending.delete(id);
      pending.settle(pending.judged.flat());
    }
    this.arm();
  }

  /** The deadline of the object being judged now (the oldest batch's next), in place of the last one's. */
  private arm(): void {
    clearTimeout(this.timer);
    const head = this.pending.values().next().value;
    if (!head || !this.ready || this.dead) return;
    const ms = objectDeadlineMs(head.job);
    const s = ms / 1000;
    this.timer = setTimeout(() => this.die({
      policy: `its evaluation was still running when the object's deadline of ${s} s passed`,
      object: (policies) => `the evaluation of this object by ${policies} timed out as a whole (longer than ${s} s); which of them hung is not known`,
    }), ms);
  }

  /** Ends the thread: the object being judged is an error with the reason; what was not judged goes back to the pool. */
  private die(death: Death): void {
    if (this.dead) return;
    this.dead = true;
    clearTimeout(this.timer);
    this.bridge.close();
    void this.thread.terminate();
    const left = [...this.pending.values()];
    this.pending.clear();
    const head = left.shift();
    this.died([...(head ? this.afterDeath(head, death) : []), ...left]);
  }

  /** The stuck object's error for the policy that was running (or for all, when none was), and what is still to judge of its batch. */
  private afterDeath({ job, judged, settle }: Pending, death: Death): Pending[] {
    const at = judged.length;
    const stuck = job.objects[at];
    if (!stuck) return inTurn([], judged.flat(), settle);
    const running = this.progress.running(job.id, at);
    const blamed = running !== undefined && job.policies.includes(running) ? [running] : job.policies;
    const failed = this.unjudged([stuck], { ...job, policies: blamed }, "");
    const why = blamed.length === 1 && running !== undefined ? death.policy : death.object(failed.map(describeAuditor).join(", "));
    const others = job.policies.filter((i) => !blamed.includes(i));
    const jobs = [
      ...(others.length ? [{ ...job, id: this.nextId(), policies: others, objects: [stuck] }] : []),
      ...(at + 1 < job.objects.length ? [{ ...job, id: this.nextId(), objects: job.objects.slice(at + 1) }] : []),
    ];
    return inTurn(jobs, [...judged.flat(), ...failed.map((r) => ({ ...r, message: why }))], settle);
  }

  hand(pending: Pending): void {
    this.pending.set(pending.job.id, pending);
    this.thread.postMessage(pending.job);
    if (this.pending.size === 1) this.arm();
  }

  async stop(): Promise<void> {
    this.dead = true;
    clearTimeout(this.timer);
    this.bridge.close();
    await this.thread.terminate();
  }
}

export class EvaluationPool {
  private readonly threads: EvaluatingThread[] = [];
  private nextId = 0;
  private stopped = false;
  private readonly plan: Omit<WorkerPlan, "bridge" | "entry" | "progress">;

  constructor(private readonly policies: AuditPolicy[], modules: FetchedModule[], namespaces: KubernetesObject[], controllerNamespace: string, private readonly sources: LiveSources, size: number) {
    this.plan = { policies: policies.map(({ loaded: _, ...rest }) => rest), modules, namespaces, controllerNamespace };
    for (let i = 0; i < size; i++) this.threads.push(this.start());
  }

  private readonly unjudged = (objects: KubernetesObject[], job: BatchJob, why: string) =>
    unevaluated(objects, job.resource, job.policies.map((i) => this.policies[i]), why);

  private start(): EvaluatingThread {
    const thread: EvaluatingThread = new EvaluatingThread(this.plan, this.sources, this.unjudged, (left) => {
      const at = this.threads.indexOf(thread);
      if (this.stopped) {
        for (const p of left) p.settle(this.unjudged(p.job.objects, p.job, "the audit stopped"));
        return;
      }
      this.threads[at] = this.start();
      for (const p of left) this.threads[at].hand({ ...p, judged: [] });
    }, () => this.nextId++);
    return thread;
  }

  /** The results of a batch, judged by the thread with the fewest batches in hand. */
  evaluate(resource: ListedResource, policies: number[], objects: KubernetesObject[]): Promise<AuditResult[]> {
    const thread = this.threads.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
    return new Promise((settle) => thread.hand({ job: { id: this.nextId++, resource, policies, objects }, judged: [], settle }));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all(this.threads.map((t) => t.stop()));
  }
}
