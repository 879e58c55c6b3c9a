// `wardenkit serve` as a library: an HTTPS policy server that loads policies from
// policies.yml or dist/, evaluates reviews on worker threads, reloads on change, reports
// denials as Kubernetes Events and exposes metrics. Three objects make it: the listener
// (listener.ts: HTTPS, routes, limits, drain), the policy server (policy-server.ts: the
// policies and their evaluation) and the watcher that reloads it (reload-on-change.ts).
import { redact } from "../io/redact.ts";
import { ServeMetrics } from "./metrics.ts";
import { HTTP_LIMITS, type HttpLimits } from "./http-limits.ts";
import { Listener } from "./listener.ts";
import { PolicyServer, type PolicyServerOptions } from "./policy-server.ts";
import { ReloadOnChange } from "./reload-on-change.ts";
import type { LoadReport, PolicyRegistry } from "./policy-registry.ts";
import type { ServingCertificate } from "./certificates.ts";

import { DEFAULT_MAX_MEMORY_MIB, DEFAULT_POLICY_TIMEOUT_MS, DEFAULT_PORT, DRAIN_TIMEOUT_MS } from "./defaults.ts";

export { DEFAULT_MAX_MEMORY_MIB, DEFAULT_POLICY_TIMEOUT_MS, DEFAULT_PORT };

export interface ServeOptions extends PolicyServerOptions {
  certificate: ServingCertificate;
  port?: number;
  address?: string;
  /** Reload when a file the policies were read from changes; true unless false. */
  watch?: boolean;
  log?: (line: string) => void;
  /** The HTTP server's timeouts and connection cap; HTTP_LIMITS for what is not given. */
  httpLimits?: Partial<HttpLimits>;
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

export async function startServer(options: ServeOptions): Promise<RunningServer> {
  // Every line is redacted: it may carry a module's URL or a registry's own words.
  const write = options.log ?? ((line: string) => console.log(line));
  const log = (line: string) => write(redact(line));
  const metrics = new ServeMetrics();
  // Listening comes first: a certificate or port that cannot be used ends the start before
  // anything else (workers, watchers) is running.
  const listener = await Listener.open({
    certificate: options.certificate, port: options.port ?? DEFAULT_PORT, address: options.address ?? "127.0.0.1",
    limits: { ...HTTP_LIMITS, ...options.httpLimits }, metrics, log,
  });
  const policyServer = new PolicyServer(options, metrics, log);
  listener.route(policyServer);
  const watching = options.watch === false ? null : new ReloadOnChange(policyServer, options, log);
  const stop = async (drainMs: number) => {
    watching?.close();
    await listener.close(drainMs);
    await policyServer.close();
  };
  try {
    await policyServer.reload();
  } catch (err) {
    await stop(0);
    throw err;
  }
  return {
    url: listener.url,
    port: listener.port,
    policies: policyServer.policies,
    metrics,
    reload: () => policyServer.reload(),
    close: (drainMs = DRAIN_TIMEOUT_MS) => stop(drainMs),
    hurry: () => {
      listener.hurry();
      policyServer.hurry();
    },
  };
}
