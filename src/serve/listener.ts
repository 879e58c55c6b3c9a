// serve's HTTPS side: the server with its limits (http-limits.ts), opened before anything
// else starts, the routes of http-routes.ts over what the policies answer, and the drain
// (drain.ts) that stops it without dropping a review.
import type { Server } from "node:https";
import type { ServingCertificate } from "./certificates.ts";
import { onRefusedConnections, type HttpLimits } from "./http-limits.ts";
import { HTTP, continueListener, requestListener, type RequestListener, type ServeApp } from "./http-routes.ts";
import { httpsServer, listen } from "./listen.ts";
import { Drain } from "./drain.ts";
import { readiness, type ReadinessState } from "./readiness.ts";
import type { ServeMetrics } from "./metrics.ts";

const ANY_ADDRESS = new Set(["0.0.0.0", "::"]);

/** Whether listening on `address` means every interface. */
export function isAnyAddress(address: string): boolean {
  return ANY_ADDRESS.has(address);
}

export interface ListenerOptions {
  certificate: ServingCertificate;
  /** 0 for any free port. */
  port: number;
  address: string;
  limits: HttpLimits;
  metrics: ServeMetrics;
  log(line: string): void;
}

/** What the routes ask of the policies: a review, and their part of /readiness. */
export interface Answering {
  review: ServeApp["review"];
  readiness(): Omit<ReadinessState, "stopping">;
}

export class Listener {
  private readonly drain: Drain;

  /** Listens: a certificate or port that cannot be used throws here, with one sentence. */
  static async open(options: ListenerOptions): Promise<Listener> {
    const server = httpsServer(options.certificate, options.limits);
    const port = await listen(server, options.port, options.address);
    return new Listener(server, port, options);
  }

  private constructor(private readonly server: Server, readonly port: number, private readonly options: ListenerOptions) {
    this.drain = new Drain(server);
    onRefusedConnections(server, options.limits, () => options.metrics.refusedConnections.inc(), options.log);
  }

  /** Where a client on this machine reaches the server (loopback when listening on every interface). */
  get url(): string {
    const { address } = this.options;
    const host = address && !isAnyAddress(address) ? address : "127.0.0.1";
    return `https://${host.includes(":") ? `[${host}]` : host}:${this.port}`;
  }

  /** Answers requests from now on: reviews and readiness from `policies`, and the metrics. */
  route(policies: Answering): void {
    const { metrics } = this.options;
    const app: ServeApp = {
      readiness: () => readiness({ stopping: this.drain.started, ...policies.readiness() }),
      metrics: async () => ({ status: HTTP.ok, body: await metrics.text(), contentType: metrics.contentType }),
      review: (policyId, body, signal) => policies.review(policyId, body, signal),
    };
    const listener = requestListener(app);
    const tracked = (handle: RequestListener): RequestListener => (req, res) => {
      this.drain.track(req, res);
      handle(req, res);
    };
    this.server.on("request", tracked(listener));
    this.server.on("checkContinue", tracked(continueListener(listener)));
  }

  /** Stops accepting connections and answers the requests already received, for at most `drainMs`. */
  async close(drainMs: number): Promise<void> {
    const cutOff = await this.drain.close(drainMs, this.options.log);
    if (cutOff > 0) this.options.log(`stopped waiting after ${drainMs / 1000} s: ${cutOff} requests were cut off`);
  }

  /** Ends a drain in progress now: what is still running is cut off. */
  hurry(): void {
    this.drain.hurry();
  }
}
