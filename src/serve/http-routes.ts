// The server's HTTP surface, as policy-server's: POST /validate/<policy-id>,
// GET /readiness, and GET /metrics. Bodies are capped at 3 MiB (413); every
// refusal is a status code with one sentence of text.
import type { IncomingMessage, ServerResponse } from "node:http";

export const MAX_BODY_BYTES = 3 * 1024 * 1024;

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
  ready(): boolean;
  metrics(): Promise<Reply>;
}

const VALIDATE_PREFIX = "/validate/";
const JSON_TYPE = "application/json";
const TEXT_TYPE = "text/plain; charset=utf-8";

function send(res: ServerResponse, reply: Reply): void {
  const body = Buffer.from(reply.body);
  res.writeHead(reply.status, {
    "content-type": reply.contentType ?? (reply.status === HTTP.ok ? JSON_TYPE : TEXT_TYPE),
    "content-length": body.length,
  });
  res.end(body);
}

class BodyTooLarge extends Error {}

function readBody(req: IncomingMessage): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    if (Number(req.headers["content-length"] ?? 0) > MAX_BODY_BYTES) return reject(new BodyTooLarge());
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        req.removeAllListeners("data");
        reject(new BodyTooLarge());
      } else {
        chunks.push(chunk);
      }
    });
    req.on("end", () => resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

async function route(app: ServeApp, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = (req.url ?? "/").split("?")[0];
  if (path.startsWith(VALIDATE_PREFIX)) {
    if (req.method !== "POST") return send(res, { status: HTTP.methodNotAllowed, body: "use POST with an AdmissionReview" });
    let body: Uint8Array;
    try {
      body = await readBody(req);
    } catch (err) {
      if (!(err instanceof BodyTooLarge)) return; // the client went away
      res.setHeader("connection", "close");
      send(res, { status: HTTP.payloadTooLarge, body: `the request body is larger than ${MAX_BODY_BYTES} bytes` });
      req.destroy();
      return;
    }
    const clientGone = new AbortController();
    res.once("close", () => res.writableFinished || clientGone.abort());
    const reply = await app.review(decodeURIComponent(path.slice(VALIDATE_PREFIX.length)), body, clientGone.signal);
    if (!clientGone.signal.aborted) send(res, reply);
    return;
  }
  if (req.method !== "GET") return send(res, { status: HTTP.methodNotAllowed, body: `${req.method} is not allowed on ${path}` });
  if (path === "/readiness") {
    return send(res, app.ready() ? { status: HTTP.ok, body: "ready", contentType: TEXT_TYPE } : { status: HTTP.unavailable, body: "policies are still loading" });
  }
  if (path === "/metrics") return send(res, await app.metrics());
  send(res, { status: HTTP.notFound, body: `nothing is served at ${path}; reviews go to ${VALIDATE_PREFIX}<policy-id>` });
}

export function requestListener(app: ServeApp): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    route(app, req, res).catch((err: Error) => {
      if (!res.headersSent) send(res, { status: 500, body: `the server failed: ${err.message}` });
      else res.destroy();
    });
  };
}
