// `wardenkit serve` as a library: an HTTPS policy server that loads policies
// from policies.yml or dist/, evaluates reviews on worker threads, reloads on
// change, reports denials as Kubernetes Events and exposes metrics.
import { hostname } from "node:os";
import type { PullOptions } from "../oci/pull.ts";
import { redact } from "../io/redact.ts";
import { distConfig, readServeConfig, type DistSettings, type ServeConfig } from "./config.ts";
import { PolicyRegistry, type LoadReport, type ServedPolicy } from "./policy-registry.ts";
import { WorkerPool } from "./worker-pool.ts";
import { ServeMetrics } from "./metrics.ts";
import { DenialEvents, type DenialEventsOptions } from "./denial-events.ts";
import type { EventSink } from "./denial-event.ts";
import type { AsyncKubernetesSource } from "./kubernetes-bridge.ts";
import { FileWatcher } from "./file-watcher.ts";
import { watchTargets } from "./watch-targets.ts";
import { readiness } from "./readiness.ts";
import { HTTP_LIMITS, onRefusedConnections, type HttpLimits } from "./http-limits.ts";
import { HTTP, continueListener, requestListener, type Reply, type RequestListener, type ServeApp } from "./http-routes.ts";
import { httpsServer, listen } from "./listen.ts";
import { Drain, DRAIN_TIMEOUT_MS } from "./drain.ts";
import { TIMEOUT_MESSAGE, parseReview, reviewBody, undecidedResponse } from "./admission-review.ts";
import { denialSubject } from "./review.ts";
import type { ServingCertificate } from "./certificates.ts";
import type { ReviewOutcome } from "./protocol.ts";

import { DEFAULT_MAX_MEMORY_MIB, DEFAULT_POLICY_TIMEOUT_MS, DEFAULT_PORT } from "./defaults.ts";

export { DEFAULT_MAX_MEMORY_MIB, DEFAULT_POLICY_TIMEOUT_MS, DEFAULT_PORT };

export interface ServeOptions {
  /** policies.yml; without it every module in distDir is served. */
  configPath?: string;
  distDir: string;
  /** Without configPath: where each dist/ policy's settings come from. */
  distSettings?: DistSettings;
  certificate: ServingCertificate;
  port?: number;
  address?: string;
  workers?: number;
  policyTimeoutMs?: number;
  /** Linear memory one evaluation may use, in MiB (policies.yml's maxMemoryMiB overrides it). */
  maxMemoryMiB?: number;
  /** Allow (with a warning) what a policy could not decide, instead of denying it. */
  failOpen?: boolean;
  /** Live reads for context-aware policies. */
  kubernetes?: AsyncKubernetesSource;
  /** Where denial Events go; none means no Events. */
  events?: EventSink;
  eventOptions?: DenialEventsOptions;
  watch?: boolean;
  /** How registry:// modules are pulled, and the size limit of http(s):// ones too. */
  registry?: PullOptions;
  log?: (line: string) => void;
  /** The HTTP server's timeouts and connection cap; HTTP_LIMITS for what is not given. */
  httpLimits?: Partial<HttpLimits>;
  /** Called after every load, e.g. to re-register webhooks when the set changed. */
  onReload?: (report: LoadReport, policies: ServedPolicy[]) => void | Promise<void>;
}

export interface RunningServer {
  url: string;
  port: number;
  policies: PolicyRegistry;
  metrics: ServeMetrics;
  /** Reloads now instead of waiting for a file change. */
  reload(): Promise<LoadReport>;
  /**
   * Stops accepting connections, answers the requests already received (for at most
   * `drainMs`, DRAIN_TIMEOUT_MS by default), stops the workers, then writes the pending
   * denial Events (for at most their `closeTimeoutMs`).
   */
  close(drainMs?: number): Promise<void>;
  /** Ends a drain in progress now: what is still running is cut off, pending Events left unwritten. */
  hurry(): void;
}

function describeReport(report: LoadReport, served: PolicyRegistry): string[] {
  const lines = report.loaded.map((id) => `loaded policy ${id}`);
  lines.push(...report.removed.map((id) => `removed policy ${id}`));
  lines.push(...report.failed.map((p) => served.get(p.id) ? `policy ${p.id} still serves its previous version: ${p.error}` : `policy ${p.id} is not served: ${p.error}`));
  return lines;
}

export async function startServer(options: ServeOptions): Promise<RunningServer> {
  // Every line is redacted: it may carry a module's URL or a registry's own words.
  const write = options.log ?? ((line: string) => console.log(line));
  const log = (line: string) => write(redact(line));
  const failOpen = options.failOpen ?? false;
  // Listening comes first: a certificate or port that cannot be used ends the start before
  // anything else (workers, watchers) is running.
  const limits: HttpLimits = { ...HTTP_LIMITS, ...options.httpLimits };
  const server = httpsServer(options.certificate, limits);
  const port = await listen(server, options.port ?? DEFAULT_PORT, options.address ?? "127.0.0.1");
  const drain = new Drain(server);
  const metrics = new ServeMetrics();
  onRefusedConnections(server, limits, () => metrics.refusedConnections.inc(), log);
  const pool = new WorkerPool({ size: options.workers, kubernetes: options.kubernetes });
  const policies = new PolicyRegistry(pool, {
    defaultTimeoutMs: options.policyTimeoutMs ?? DEFAULT_POLICY_TIMEOUT_MS,
    memoryCapBytes: (options.maxMemoryMiB ?? DEFAULT_MAX_MEMORY_MIB) * 2 ** 20,
    registry: options.registry,
  });
  const events = options.events
    ? new DenialEvents(options.events, {
      reportingInstance: hostname(),
      log,
      ...options.eventOptions,
      onAction: (action, count) => {
        metrics.events.inc({ action }, count);
        options.eventOptions?.onAction?.(action, count);
      },
    })
    : null;
  if (events) metrics.pendingEvents = () => events.pending;
  let loaded = false;
  /** Why the config could not be read at the last reload; meanwhile its previous version serves, still watched. */
  let configProblem: string | null = null;

  function readConfig(): ServeConfig {
    try {
      const config = options.configPath ? readServeConfig(options.configPath) : distConfig(options.distDir, options.distSettings);
      configProblem = null;
      return config;
    } catch (err) {
      if (loaded) configProblem = (err as Error).message;
      throw err;
    }
  }

  const watcher = options.watch === false ? null : new FileWatcher(() => void reload().catch((err: Error) => {
    log(`reload failed: ${err.message}${configProblem ? "; still serving the previous configuration" : ""}`);
  }));

  async function reload(): Promise<LoadReport> {
    const config = readConfig();
    const report = await policies.load(config);
    watcher?.watch(watchTargets(options, config));
    for (const id of report.loaded) metrics.reloads.inc({ policy_id: id, result: "loaded" });
    for (const id of report.removed) metrics.reloads.inc({ policy_id: id, result: "removed" });
    for (const p of report.failed) metrics.reloads.inc({ policy_id: p.id, result: "failed" });
    metrics.policies.set(policies.list().length);
    for (const line of describeReport(report, policies)) log(line);
    await options.onReload?.(report, policies.list());
    return report;
  }

  function answered(policy: ServedPolicy, outcome: ReviewOutcome): Reply {
    if (outcome.status === HTTP.badRequest) return { status: HTTP.badRequest, body: outcome.body };
    metrics.evaluations.inc({ policy_id: policy.id, verdict: outcome.verdict, mode: policy.config.mode });
    for (const line of outcome.logs) log(`policy ${policy.id}: ${line}`);
    if (outcome.monitored) log(`policy ${policy.id} (monitor mode) would have answered ${outcome.monitored}`);
    if (outcome.denial) events?.record(policy.id, outcome.denial);
    return { status: HTTP.ok, body: outcome.body };
  }

  /** A review the policy could not decide: denied (or allowed when failing open), and said so. */
  function undecided(policy: ServedPolicy, body: Uint8Array, verdict: "timeout" | "error", reason: string): Reply {
    metrics.evaluations.inc({ policy_id: policy.id, verdict, mode: policy.config.mode });
    let request;
    try {
      request = parseReview(body);
    } catch (err) {
      return { status: HTTP.badRequest, body: `invalid AdmissionReview: ${(err as Error).message}` };
    }
    log(`policy ${policy.id}: ${reason}`);
    const monitor = policy.config.mode === "monitor";
    const response = undecidedResponse(request.uid, policy.id, reason, failOpen || monitor);
    if (!response.allowed && !request.dryRun) events?.record(policy.id, denialSubject(request, reason));
    return { status: HTTP.ok, body: reviewBody(response) };
  }

  const app: ServeApp = {
    readiness: () => readiness({
      stopping: drain.started, loading: !loaded, unserved: policies.unserved, stale: policies.stale, configProblem,
    }),
    metrics: async () => ({ status: HTTP.ok, body: await metrics.text(), contentType: metrics.contentType }),
    async review(policyId, body, signal) {
      const policy = policies.get(policyId);
      if (!policy) {
        const problem = policies.problems.find((p) => p.id === policyId);
        return { status: HTTP.notFound, body: problem ? `policy ${policyId} is not served: ${problem.error}` : `no policy ${policyId} is served` };
      }
      const stopTimer = metrics.latency.startTimer({ policy_id: policy.id });
      const c = policy.config;
      const result = await pool.run(policy.module, {
        kind: "review", policyId: policy.id, body, settings: c.settings, mode: c.mode,
        allowedToMutate: policy.allowedToMutate, contextAwareResources: policy.contextAwareResources, hostCapabilities: c.hostCapabilities, message: c.message,
      }, policy.timeoutMs, signal);
      let reply: Reply;
      if (result.kind === "cancelled") {
        metrics.evaluations.inc({ policy_id: policy.id, verdict: "cancelled", mode: c.mode });
        reply = { status: HTTP.clientClosed, body: "the client went away before the review was answered" };
      } else if (result.kind === "timeout") {
        metrics.timeouts.inc({ policy_id: policy.id });
        reply = undecided(policy, body, "timeout", TIMEOUT_MESSAGE);
      } else if (result.kind === "failed") {
        reply = undecided(policy, body, "error", `internal server error: ${result.error}`);
      } else {
        reply = answered(policy, result.outcome as ReviewOutcome);
      }
      stopTimer();
      return reply;
    },
  };

  const listener = requestListener(app);
  const tracked = (handle: RequestListener): RequestListener => (req, res) => {
    drain.track(req, res);
    handle(req, res);
  };
  server.on("request", tracked(listener));
  server.on("checkContinue", tracked(continueListener(listener)));

  async function stop(drainMs: number): Promise<void> {
    watcher?.close();
    const cutOff = await drain.close(drainMs, log);
    if (cutOff > 0) log(`stopped waiting after ${drainMs / 1000} s: ${cutOff} requests were cut off`);
    await pool.close();
    await events?.close();
  }

  try {
    await reload();
  } catch (err) {
    await stop(0);
    throw err;
  }
  loaded = true;

  const host = options.address && options.address !== "0.0.0.0" && options.address !== "::" ? options.address : "127.0.0.1";
  return {
    url: `https://${host.includes(":") ? `[${host}]` : host}:${port}`,
    port,
    policies,
    metrics,
    reload,
    close: (drainMs = DRAIN_TIMEOUT_MS) => stop(drainMs),
    hurry: () => {
      drain.hurry();
      events?.hurry();
    },
  };
}
