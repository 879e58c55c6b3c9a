// `wardenkit serve` as a library: an HTTPS policy server that loads policies
// from policies.yml or dist/, evaluates reviews on worker threads, reloads on
// change, reports denials as Kubernetes Events and exposes metrics.
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { dirname, basename, resolve } from "node:path";
import { hostname } from "node:os";
import type { ClientOptions } from "../oci/client.ts";
import { distConfig, readServeConfig, type ServeConfig } from "./config.ts";
import { locateModule } from "./module-source.ts";
import { PolicyRegistry, type LoadReport, type ServedPolicy } from "./policy-registry.ts";
import { WorkerPool } from "./worker-pool.ts";
import { ServeMetrics } from "./metrics.ts";
import { DenialEvents, type DenialEventsOptions, type EventSink } from "./denial-events.ts";
import type { AsyncKubernetesSource } from "./kubernetes-bridge.ts";
import { FileWatcher, type WatchTarget } from "./file-watcher.ts";
import { HTTP, requestListener, type Reply, type ServeApp } from "./http-routes.ts";
import { TIMEOUT_MESSAGE, parseReview, reviewBody, undecidedResponse } from "./admission-review.ts";
import { denialSubject } from "./review.ts";
import type { ServingCertificate } from "./certificates.ts";
import type { ReviewOutcome } from "./protocol.ts";

import { DEFAULT_POLICY_TIMEOUT_MS, DEFAULT_PORT } from "./defaults.ts";

export { DEFAULT_POLICY_TIMEOUT_MS, DEFAULT_PORT };

export interface ServeOptions {
  /** policies.yml; without it every module in distDir is served. */
  configPath?: string;
  distDir: string;
  certificate: ServingCertificate;
  port?: number;
  address?: string;
  workers?: number;
  policyTimeoutMs?: number;
  /** Allow (with a warning) what a policy could not decide, instead of denying it. */
  failOpen?: boolean;
  /** Live reads for context-aware policies. */
  kubernetes?: AsyncKubernetesSource;
  /** Where denial Events go; none means no Events. */
  events?: EventSink;
  eventOptions?: DenialEventsOptions;
  watch?: boolean;
  registry?: ClientOptions;
  log?: (line: string) => void;
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
  close(): Promise<void>;
}

function describeReport(report: LoadReport): string[] {
  const lines = report.loaded.map((id) => `loaded policy ${id}`);
  lines.push(...report.removed.map((id) => `removed policy ${id}`));
  lines.push(...report.failed.map((p) => `policy ${p.id} is not served: ${p.error}`));
  return lines;
}

export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const log = options.log ?? ((line: string) => console.log(line));
  const failOpen = options.failOpen ?? false;
  const metrics = new ServeMetrics();
  const pool = new WorkerPool({ size: options.workers, kubernetes: options.kubernetes });
  const policies = new PolicyRegistry(pool, { defaultTimeoutMs: options.policyTimeoutMs ?? DEFAULT_POLICY_TIMEOUT_MS, registry: options.registry });
  const events = options.events
    ? new DenialEvents(options.events, {
      reportingInstance: hostname(),
      ...options.eventOptions,
      onAction: (action, detail) => {
        metrics.events.inc({ action });
        if (action === "failed") log(`could not write a denial Event: ${detail}`);
        options.eventOptions?.onAction?.(action, detail);
      },
    })
    : null;
  let ready = false;

  const readConfig = (): ServeConfig => (options.configPath ? readServeConfig(options.configPath) : distConfig(options.distDir));

  function watchTargets(config: ServeConfig): WatchTarget[] {
    if (!options.configPath) return [{ dir: resolve(options.distDir), matches: (f) => f.endsWith(".wasm") }];
    const configFile = resolve(options.configPath);
    const targets: WatchTarget[] = [{ dir: dirname(configFile), matches: (f) => f === basename(configFile) }];
    for (const policy of config.policies) {
      const location = locateModule(policy.module, policy.baseDir);
      if (location.kind === "file") targets.push({ dir: dirname(location.path), matches: (f) => f === basename(location.path) });
    }
    return targets;
  }

  const watcher = options.watch === false ? null : new FileWatcher(() => void reload().catch((err: Error) => log(`reload failed: ${err.message}`)));

  async function reload(): Promise<LoadReport> {
    const config = readConfig();
    const report = await policies.load(config);
    watcher?.watch(watchTargets(config));
    for (const id of report.loaded) metrics.reloads.inc({ policy_id: id, result: "loaded" });
    for (const id of report.removed) metrics.reloads.inc({ policy_id: id, result: "removed" });
    for (const p of report.failed) metrics.reloads.inc({ policy_id: p.id, result: "failed" });
    metrics.policies.set(policies.list().length);
    for (const line of describeReport(report)) log(line);
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
    ready: () => ready,
    metrics: async () => ({ status: HTTP.ok, body: await metrics.text(), contentType: metrics.contentType }),
    async review(policyId, body) {
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
      }, policy.timeoutMs);
      let reply: Reply;
      if (result.kind === "timeout") {
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

  const server: Server = createServer({ cert: options.certificate.cert, key: options.certificate.key }, requestListener(app));
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolveListen, reject) => {
    server.once("error", (err: NodeJS.ErrnoException) =>
      reject(new Error(err.code === "EADDRINUSE" ? `port ${options.port ?? DEFAULT_PORT} is already in use` : err.message)));
    server.listen(options.port ?? DEFAULT_PORT, options.address ?? "127.0.0.1", resolveListen);
  });
  const port = (server.address() as AddressInfo).port;

  try {
    await reload();
  } catch (err) {
    watcher?.close();
    await new Promise((r) => server.close(r));
    await pool.close();
    await events?.close();
    throw err;
  }
  ready = true;

  const host = options.address && options.address !== "0.0.0.0" && options.address !== "::" ? options.address : "127.0.0.1";
  return {
    url: `https://${host.includes(":") ? `[${host}]` : host}:${port}`,
    port,
    policies,
    metrics,
    reload,
    async close() {
      watcher?.close();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      await pool.close();
      await events?.close();
    },
  };
}
