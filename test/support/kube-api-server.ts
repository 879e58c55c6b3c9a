// A stand-in for the Kubernetes API server: HTTPS on 127.0.0.1 with a self-signed
// certificate (made with openssl), bearer-token authentication, routes registered by the
// test, and a record of every request so tests can assert exactly what a client sent.
// It knows nothing of Kubernetes semantics; each test serves the answers it needs.
// Cluster tests run on the real kube-apiserver (real-kube-api-server.ts); this imitation
// remains only for apply's report on a pending policy's PolicyServer
// (test/cluster/apply-policy-server-report.test.ts), whose CRD the repository does not ship.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:https";
import type { IncomingMessage, ServerResponse } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";

/** One request as the server received it. */
export interface RecordedRequest {
  method: string;
  path: string;
  /** Query parameters; a repeated parameter keeps its last value. */
  query: Record<string, string>;
  contentType: string | undefined;
  authorization: string | undefined;
  body: string;
}

/** What a route answers: a status code and a JSON body (or raw text). */
export interface KubeResponse {
  status?: number;
  body?: unknown;
}

/** A route handler: gets the request and the `:name` parameters of the path pattern. */
export type RouteHandler = (request: RecordedRequest, params: Record<string, string>) => KubeResponse | Promise<KubeResponse>;

export interface KubeApiServer {
  /** `https://127.0.0.1:<port>` */
  url: string;
  /** PEM of the self-signed certificate, which is also its own CA. */
  caPem: string;
  /** The token every request must carry (`Authorization: Bearer <token>`). */
  token: string;
  /** Every request received, in order, including unmatched ones. */
  requests: RecordedRequest[];
  /**
   * Serves `method pattern`, e.g. `route("GET", "/api/v1/namespaces/:namespace/pods/:name", h)`.
   * A later registration of the same method and pattern replaces the earlier one.
   */
  route(method: string, pattern: string, handler: RouteHandler): void;
  /** Serves an APIResourceList at /apis/<groupVersion> (or /api/v1 for "v1"). */
  discovery(groupVersion: string, resources: DiscoveredResource[]): void;
  /** Writes a kubeconfig for this server (context `test`) and returns its path. */
  writeKubeconfig(dir: string, options?: { namespace?: string; token?: string }): string;
  close(): Promise<void>;
}

export interface DiscoveredResource {
  name: string;
  kind: string;
  namespaced: boolean;
  verbs?: string[];
}

const DEFAULT_VERBS = ["create", "delete", "get", "list", "patch", "update", "watch"];
const TEST_TOKEN = "wardenkit-test-token";

/** A Kubernetes `Status` object, the body of every API error. */
export function statusBody(code: number, reason: string, message: string): KubeResponse {
  return { status: code, body: { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message, reason, code } };
}

function makeCertificate(dir: string): { key: string; cert: string } {
  const keyPath = join(dir, "server.key"), certPath = join(dir, "server.crt");
  execFileSync("openssl", [
    "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
    "-keyout", keyPath, "-out", certPath, "-days", "1", "-subj", "/CN=kube-apiserver-test",
    "-addext", "subjectAltName=IP:127.0.0.1",
  ], { stdio: "pipe" });
  return { key: readFileSync(keyPath, "utf8"), cert: readFileSync(certPath, "utf8") };
}

interface Route {
  method: string;
  pattern: string;
  match: (path: string) => Record<string, string> | null;
  handler: RouteHandler;
}

function compilePattern(pattern: string): (path: string) => Record<string, string> | null {
  const names: string[] = [];
  const source = pattern.split("/").map((part) => {
    if (!part.startsWith(":")) return part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    names.push(part.slice(1));
    return "([^/]+)";
  }).join("/");
  const regex = new RegExp(`^${source}$`);
  return (path) => {
    const m = regex.exec(path);
    if (!m) return null;
    return Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(m[i + 1])]));
  };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function send(res: ServerResponse, answer: KubeResponse): void {
  const status = answer.status ?? 200;
  const text = typeof answer.body === "string" ? answer.body : JSON.stringify(answer.body ?? {});
  res.writeHead(status, { "Content-Type": typeof answer.body === "string" ? "text/plain" : "application/json" });
  res.end(text);
}

export async function startKubeApiServer(): Promise<KubeApiServer> {
  const dir = mkdtempSync(join(tmpdir(), "wardenkit-kube-api-"));
  const { key, cert } = makeCertificate(dir);
  const routes: Route[] = [];
  const requests: RecordedRequest[] = [];

  const server: Server = createServer({ key, cert }, async (req, res) => {
    const url = new URL(req.url ?? "/", "https://127.0.0.1");
    const recorded: RecordedRequest = {
      method: req.method ?? "GET",
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      contentType: req.headers["content-type"],
      authorization: req.headers.authorization,
      body: await readBody(req),
    };
    requests.push(recorded);
    if (recorded.authorization !== `Bearer ${TEST_TOKEN}`) return send(res, statusBody(401, "Unauthorized", "Unauthorized"));
    for (const route of routes) {
      if (route.method !== recorded.method) continue;
      const params = route.match(recorded.path);
      if (!params) continue;
      try {
        return send(res, await route.handler(recorded, params));
      } catch (err) {
        return send(res, statusBody(500, "InternalError", `test route failed: ${(err as Error).message}`));
      }
    }
    send(res, statusBody(404, "NotFound", "the server could not find the requested resource"));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  const url = `https://127.0.0.1:${port}`;

  const route = (method: string, pattern: string, handler: RouteHandler) => {
    const existing = routes.findIndex((r) => r.method === method && r.pattern === pattern);
    const entry = { method, pattern, match: compilePattern(pattern), handler };
    if (existing >= 0) routes[existing] = entry;
    else routes.push(entry);
  };

  return {
    url,
    caPem: cert,
    token: TEST_TOKEN,
    requests,
    route,
    discovery(groupVersion, resources) {
      const path = groupVersion === "v1" ? "/api/v1" : `/apis/${groupVersion}`;
      route("GET", path, () => ({
        body: {
          kind: "APIResourceList",
          apiVersion: "v1",
          groupVersion,
          resources: resources.map((r) => ({ singularName: "", verbs: DEFAULT_VERBS, ...r })),
        },
      }));
    },
    writeKubeconfig(targetDir, options = {}) {
      const path = join(targetDir, "kubeconfig");
      writeFileSync(path, stringify({
        apiVersion: "v1",
        kind: "Config",
        clusters: [{ name: "test", cluster: { server: url, "certificate-authority-data": Buffer.from(cert).toString("base64") } }],
        users: [{ name: "test", user: { token: options.token ?? TEST_TOKEN } }],
        contexts: [{ name: "test", context: { cluster: "test", user: "test", ...(options.namespace ? { namespace: options.namespace } : {}) } }],
        "current-context": "test",
      }));
      return path;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
