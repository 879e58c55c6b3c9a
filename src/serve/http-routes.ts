// The server's HTTP surface, as policy-server's: POST /validate/<policy-id>,
// GET /readiness, and GET /metrics. Bodies are capped at 3 MiB (413); every
// refusal is a status code with one sentence of text. Every text answer (refusals and
// /readiness) is redacted: it may name a module's URL or carry a registry's words.
import type { IncomingMessage, ServerResponse } from "node:http";
import { redact } from "../io/redact.ts";
import type { Readiness } from "./readiness.ts";

export const MAX_BODY_BYTES = 3 * 1024 * 1024;
/**
 * What is still read (and dropped) of a body refused with 413, so that the client, still
 * sending, reads the answer instead of a connection reset; a client sending more is cut off.
 */
export const MAX_DRAINED_BYTES = 64 * 1024 * 1024;

export const HTTP = {
  ok: 200,
  badRequest: 400,
  notFound: 404,
  methodNotAllowed: 405,
  payloadTooLarge: 413,
  /** nginx's code for a client that closed the connection first; never seen by anyone. */
  clientClosed: 499,
  unavailable: 503,
} as const;

export interface Reply {
  status: number;
  body: string;
  contentType?: string;
}

/** What the routes ask of the server. */
export interface ServeApp {
  /** `signal` is aborted when the client goes away before its answer. */
  review(policyId: string, body: Uint8Array, signal?: AbortSignal): Promise<Reply>;
  /** Whether every configured policy can be answered, and what is amiss, in one line. */
  readiness(): Readiness;
  metrics(): Promise<Reply>;
}

const VALIDATE_PREFIX = "/validate/";
const JSON_TYPE = "application/json";
const TEXT_TYPE = "text/plain; charset=utf-8";
const TOO_LARGE = `the request body is larger than ${MAX_BODY_BYTES} bytes`;

function send(res: ServerResponse, reply: Reply): void {
  const contentType = reply.contentType ?? (reply.status === HTTP.ok ? JSON_TYPE : TEXT_TYPE);
  const body = Buffer.from(contentType === TEXT_TYPE ? redact(reply.body) : reply.body);
  res.writeHead(reply.status, {
    "content-type": contentType,
    "content-length": body.length,
  });
  res.end(body);
}

function declaredLength(req: IncomingMessage): number {
  return Number(req.headers["content-length"] ?? 0);
}

/**
 * 413 once the client has sent its body, which is read and dropped: closing a connection the
 * client is still writing to resets it before it reads the answer (and a client that asked
 * for `Connection: close` has its connection closed right after the answer). A body beyond
 * MAX_DRAINED_BYTES is not waited for: it is answered at once and the connection closed.
 */
function refuseTooLarge(req: IncomingMessage, res: ServerResponse, alreadyRead: number): void {
  const answer = (closing: boolean) => {
    if (res.headersSent) return;
    if (closing) res.setHeader("connection", "close");
    send(res, { status: HTTP.payloadTooLarge, body: TOO_LARGE });
  };
  if (declaredLength(req) > MAX_DRAINED_BYTES) return answer(true);
  let drained = alreadyRead;
  req.removeAllListeners("data");
  req.on("data", (chunk: Buffer) => {
    drained += chunk.length;
    if (drained > MAX_DRAINED_BYTES) answer(true);
  });
  req.on("end", () => answer(false));
  req.resume();
}

/** The body, or null when it was too large (and already answered with 413) or the client went away. */
function readBody(req: IncomingMessage, res: ServerResponse): Promise<Uint8Array | null> {
  return new Promise((resolve) => {
    if (declaredLength(req) > MAX_BODY_BYTES) {
      refuseTooLarge(req, res, 0);
      return resolve(null);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) return void chunks.push(chunk);
      chunks.length = 0;
      refuseTooLarge(req, res, size);
      resolve(null);
    });
    req.on("end", () => resolve(size > MAX_BODY_BYTES ? null : chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)));
    req.on("error", () => resolve(null));
  });
}

/** The policy id of a /validate/ path, or null when its percent-encoding is broken. */
function policyIdOf(path: string): string | null {
  try {
    return decodeURIComponent(path.slice(VALIDATE_PREFIX.length));
  } catch {
    return null;
  }
}

async function route(app: ServeApp, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = (req.url ?? "/").split("?")[0];
  if (path.startsWith(VALIDATE_PREFIX)) {
    if (req.method !== "POST") return send(res, { status: HTTP.methodNotAllowed, body: "use POST with an AdmissionReview" });
    const policyId = policyIdOf(path);
    if (policyId === null) return send(res, { status: HTTP.badRequest, body: `the policy id in ${path} is not valid percent-encoding` });
    const body = await readBody(req, res);
    if (body === null) return;
    const clientGone = new AbortController();
    res.once("close", () => res.writableFinished || clientGone.abort());
    const reply = await app.review(policyId, body, clientGone.signal);
    if (!clientGone.signal.aborted) send(res, reply);
    return;
  }
  if (req.method !== "GET") return send(res, { status: HTTP.methodNotAllowed, body: `${req.method} is not allowed on ${path}` });
  if (path === "/readiness") {
    const { ready, text } = app.readiness();
    return send(res, { status: ready ? HTTP.ok : HTTP.unavailable, body: text, contentType: TEXT_TYPE });
  }
  if (path === "/metrics") return send(res, await app.metrics());
  send(res, { status: HTTP.notFound, body: `nothing is served at ${path}; reviews go to ${VALIDATE_PREFIX}<policy-id>` });
}

export type RequestListener = (req: IncomingMessage, res: ServerResponse) => void;

export function requestListener(app: ServeApp): RequestListener {
  return (req, res) => {
    route(app, req, res).catch((err: Error) => {
      if (!res.headersSent) send(res, { status: 500, body: `the server failed: ${err.message}` });
      else res.destroy();
    });
  };
}

/**
 * For `Expect: 100-continue` (curl's default for large bodies): a body declared too large
 * is refused before the client sends it; otherwise the client is told to go on.
 */
export function continueListener(listener: RequestListener): RequestListener {
  return (req, res) => {
    if (declaredLength(req) > MAX_BODY_BYTES) {
      res.setHeader("connection", "close"); // the client sends no body after a final answer
      return send(res, { status: HTTP.payloadTooLarge, body: TOO_LARGE });
    }
    res.writeContinue();
    listener(req, res);
  };
}
