// Every limit of serve's HTTPS server, chosen here rather than left to Node's defaults
// (60 s for headers, 300 s for a whole request, 120 s for a TLS handshake, no idle timeout,
// no connection cap), which let one slow client hold a socket for five minutes. The API
// server gives a webhook call at most 30 s (timeoutSeconds may not exceed it), so a
// request still arriving after that has no one waiting for its answer.
import type { Server, ServerOptions } from "node:https";

export interface HttpLimits {
  /** A TLS handshake not finished by then is cut off. */
  handshakeTimeoutMs: number;
  /** A request's headers must have arrived by then, or it is answered 408 and its connection closed. */
  headersTimeoutMs: number;
  /** A whole request, body included, must have arrived by then, or it is answered 408 and its connection closed. */
  requestTimeoutMs: number;
  /** How long a connection waits for its next request after an answer. */
  keepAliveTimeoutMs: number;
  /** A connection on which nothing moves for this long while a request is open is closed (and its review cancelled). */
  idleTimeoutMs: number;
  /** Connections beyond this many are closed as soon as they are accepted. */
  maxConnections: number;
  /** Request line and headers together; more is answered 431. */
  maxHeaderBytes: number;
}

export const HTTP_LIMITS: Readonly<HttpLimits> = {
  handshakeTimeoutMs: 10_000,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 30_000,
  idleTimeoutMs: 60_000,
  // Under the 1024 open files a process is commonly allowed, so the cap, not EMFILE, decides.
  maxConnections: 512,
  maxHeaderBytes: 16 * 1024,
};

/** Node checks the headers and request timeouts on a timer (30 s by default): at most this late here. */
const TIMEOUT_CHECK_MS = 1000;

/** The limits given to https.createServer (the rest can only be set on the server: see setServerLimits). */
export function serverOptions(limits: HttpLimits): ServerOptions {
  if (limits.headersTimeoutMs > limits.requestTimeoutMs) throw new Error("the headers timeout cannot be longer than the request timeout");
  return {
    handshakeTimeout: limits.handshakeTimeoutMs,
    headersTimeout: limits.headersTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    connectionsCheckingInterval: Math.min(TIMEOUT_CHECK_MS, limits.headersTimeoutMs, limits.requestTimeoutMs),
    maxHeaderSize: limits.maxHeaderBytes,
  };
}

export function setServerLimits(server: Server, limits: HttpLimits): void {
  server.keepAliveTimeout = limits.keepAliveTimeoutMs;
  server.timeout = limits.idleTimeoutMs;
  server.maxConnections = limits.maxConnections;
}

/** A refusal is logged at most this often; the metric counts every one. */
const REFUSAL_LOG_INTERVAL_MS = 10_000;

/** Calls `counted` for every connection refused at the cap, and says so in the log now and then. */
export function onRefusedConnections(server: Server, limits: HttpLimits, counted: () => void, log: (line: string) => void): void {
  let loggedAt = -Infinity;
  server.on("drop", () => {
    counted();
    if (Date.now() - loggedAt < REFUSAL_LOG_INTERVAL_MS) return;
    loggedAt = Date.now();
    log(`refusing connections: ${limits.maxConnections} are open, the most serve accepts (wardenkit_connections_refused_total counts the refusals)`);
  });
}
