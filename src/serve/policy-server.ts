// The policies serve answers for, as one object: read from policies.yml or dist/ (config.ts),
// loaded with their modules and settings (policy-registry.ts), evaluated on the worker pool
// (worker-pool.ts), their denials written as Kubernetes Events (denial-events.ts). reload()
// reads the configuration again and swaps in what changed; review() answers one
// AdmissionReview; close() stops the workers and writes the Events still pending.
import type { ModuleVerification } from "../modules/module-verification.ts";
import { hostname } from "node:os";
import type { PullOptions } from "../oci/pull.ts";
import { distConfig, readServeConfig, type ServeConfig } from "./config.ts";
import { PolicyRegistry, type LoadReport, type ServedPolicy } from "./policy-registry.ts";
import { WorkerPool } from "./worker-pool.ts";
import type { ServeMetrics } from "./metrics.ts";
import { DenialEvents, type DenialEventsOptions } from "./denial-events.ts";
import type { EventSink } from "./denial-event.ts";
import type { AsyncKubernetesSource } from "./kubernetes-bridge.ts";
import type { AsyncExternalSource } from "../host/capabilities/external-requests.ts";
import type { ConfigSource } from "./watch-targets.ts";
import type { ReadinessState } from "./readiness.ts";
import type { Reply } from "./http-routes.ts";
import { ReviewReplies, notServed } from "./review-replies.ts";
import type { ReviewJob } from "./protocol.ts";
import { DEFAULT_MAX_MEMORY_MIB, DEFAULT_POLICY_TIMEOUT_MS } from "./defaults.ts";

export interface PolicyServerOptions extends ConfigSource {
  workers?: number;
  policyTimeoutMs?: number;
  /** Linear memory one evaluation may use, in MiB (policies.yml's maxMemoryMiB overrides it). */
  maxMemoryMiB?: number;
  /** Allow (with a warning) what a policy could not decide, instead of denying it. */
  failOpen?: boolean;
  /** Live reads for context-aware policies. */
  kubernetes?: AsyncKubernetesSource;
  /** Live OCI, DNS and crypto answers; each policy's hostCapabilities decide what it may call. */
  external?: AsyncExternalSource;
  /** Where denial Events go; none means no Events. */
  events?: EventSink;
  eventOptions?: DenialEventsOptions;
  /** How registry:// modules are pulled, and the size limit of http(s):// ones too. */
  registry?: PullOptions;
  /** What registry modules must satisfy (--verification-config); downloads are then refused. */
  verification?: ModuleVerification;
  /** Called after every load, e.g. to re-register webhooks when the set changed. */
  onReload?: (report: LoadReport, policies: ServedPolicy[]) => void | Promise<void>;
}

type Log = (line: string) => void;

function denialEvents(sink: EventSink, options: DenialEventsOptions | undefined, metrics: ServeMetrics, log: Log): DenialEvents {
  const events = new DenialEvents(sink, {
    reportingInstance: hostname(),
    log,
    ...options,
    onAction: (action, count) => {
      metrics.events.inc({ action }, count);
      options?.onAction?.(action, count);
    },
  });
  metrics.pendingEvents = () => events.pending;
  return events;
}

function reviewJob(policy: ServedPolicy, body: Uint8Array): ReviewJob {
  const c = policy.config;
  return {
    kind: "review", policyId: policy.id, body, settings: c.settings, mode: c.mode,
    allowedToMutate: policy.allowedToMutate, contextAwareResources: policy.contextAwareResources, hostCapabilities: c.hostCapabilities, message: c.message,
  };
}

/** A load, told: one log line per policy loaded, removed or failed, and the metrics. */
function tellLoad(report: LoadReport, served: PolicyRegistry, metrics: ServeMetrics, log: Log): void {
  for (const id of report.loaded) metrics.reloads.inc({ policy_id: id, result: "loaded" });
  for (const id of report.removed) metrics.reloads.inc({ policy_id: id, result: "removed" });
  for (const p of report.failed) metrics.reloads.inc({ policy_id: p.id, result: "failed" });
  metrics.policies.set(served.list().length);
  for (const id of report.loaded) log(`loaded policy ${id}`);
  for (const id of report.removed) log(`removed policy ${id}`);
  for (const p of report.failed) log(served.get(p.id) ? `policy ${p.id} still serves its previous version: ${p.error}` : `policy ${p.id} is not served: ${p.error}`);
}

export class PolicyServer {
  readonly policies: PolicyRegistry;
  private readonly pool: WorkerPool;
  private readonly events: DenialEvents | null;
  private readonly replies: ReviewReplies;
  private readonly loadListeners: ((config: ServeConfig) => void)[] = [];
  private loaded = false;
  private problem: string | null = null;
  /** Reloads begun: a load clears `problem` only when no later reload has read the config since. */
  private attempts = 0;

  /** Starts the workers; nothing is served before the first reload(). */
  constructor(private readonly options: PolicyServerOptions, private readonly metrics: ServeMetrics, private readonly log: Log) {
    this.pool = new WorkerPool({ size: options.workers, kubernetes: options.kubernetes, external: options.external });
    this.policies = new PolicyRegistry(this.pool, {
      defaultTimeoutMs: options.policyTimeoutMs ?? DEFAULT_POLICY_TIMEOUT_MS,
      memoryCapBytes: (options.maxMemoryMiB ?? DEFAULT_MAX_MEMORY_MIB) * 2 ** 20,
      registry: options.registry,
      verification: options.verification,
    });
    this.events = options.events ? denialEvents(options.events, options.eventOptions, metrics, log) : null;
    this.replies = new ReviewReplies({ metrics, events: this.events, log, failOpen: options.failOpen ?? false });
  }

  /** Why the config could not be read at the last reload, while its previous version serves; null when it could. */
  get configProblem(): string | null {
    return this.problem;
  }

  /** The policies' part of /readiness. */
  readiness(): Omit<ReadinessState, "stopping"> {
    return { loading: !this.loaded, unserved: this.policies.unserved, stale: this.policies.stale, configProblem: this.problem };
  }

  /** Calls `listener` with every configuration loaded, before the load is told: e.g. to watch the files it names. */
  onLoad(listener: (config: ServeConfig) => void): void {
    this.loadListeners.push(listener);
  }

  /** Reads the configuration and loads what changed; throws when it cannot be read (what serves keeps serving). */
  async reload(): Promise<LoadReport> {
    const attempt = ++this.attempts;
    const config = this.readConfig();
    const report = await this.policies.load(config);
    // Until its policies are in place, the previous configuration is what serves.
    if (attempt === this.attempts) this.problem = null;
    for (const listener of this.loadListeners) listener(config);
    tellLoad(report, this.policies, this.metrics, this.log);
    await this.options.onReload?.(report, this.policies.list());
    this.loaded = true;
    return report;
  }

  /** Answers one AdmissionReview body; `signal` is aborted when its client has gone. */
  async review(policyId: string, body: Uint8Array, signal?: AbortSignal): Promise<Reply> {
    const policy = this.policies.get(policyId);
    if (!policy) return notServed(policyId, this.policies.problems);
    const stopTimer = this.metrics.latency.startTimer({ policy_id: policy.id });
    const result = await this.pool.run(policy.module, reviewJob(policy, body), policy.timeoutMs, signal);
    const reply = this.replies.reply(policy, body, result);
    stopTimer();
    return reply;
  }

  /** Stops the workers, then writes the pending denial Events (for at most their `closeTimeoutMs`). */
  async close(): Promise<void> {
    await this.pool.close();
    await this.events?.close();
  }

  /** Ends the writing of pending Events now: they are left unwritten. */
  hurry(): void {
    this.events?.hurry();
  }

  private readConfig(): ServeConfig {
    const { configPath, distDir, distSettings } = this.options;
    try {
      return configPath ? readServeConfig(configPath) : distConfig(distDir, distSettings);
    } catch (err) {
      if (this.loaded) this.problem = (err as Error).message;
      throw err;
    }
  }
}
