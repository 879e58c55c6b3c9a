// Starts `wardenkit serve` servers on loopback for tests and talks to them over
// real HTTPS, trusting the CA the server's certificate was made with.
import { mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { Agent, request } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { localCertificate, type ServingCertificate } from "../../../src/serve/certificates.ts";
import { startServer, type RunningServer, type ServeOptions } from "../../../src/serve/server.ts";
import type { AdmissionRequest } from "../../../src/host/admission-request.ts";
import { until } from "../../support/until.ts";

let certificate: ServingCertificate | null = null;

/** One certificate per test file, made by the code under test. */
export function testCertificate(): ServingCertificate {
  if (!certificate) {
    const dir = mkdtempSync(join(tmpdir(), "wardenkit-serve-cert-"));
    certificate = localCertificate(dir, ["localhost", "127.0.0.1"]);
    rmSync(dir, { recursive: true, force: true });
  }
  return certificate;
}

export interface Reply {
  status: number;
  text: string;
  json(): any;
}

export class HttpsClient {
  private readonly agent: Agent;

  constructor(private readonly baseUrl: string, ca: string) {
    this.agent = new Agent({ ca, keepAlive: true, maxSockets: 16 });
  }

  send(method: string, path: string, body?: string | Buffer, headers: Record<string, string | number> = {}): Promise<Reply> {
    return new Promise((resolve, reject) => {
      const req = request(`${this.baseUrl}${path}`, { method, agent: this.agent, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString();
          resolve({ status: res.statusCode!, text, json: () => JSON.parse(text) });
        });
        res.on("error", reject);
      });
      req.on("error", reject);
      req.end(body);
    });
  }

  post(path: string, body: string | Buffer): Promise<Reply> {
    return this.send("POST", path, body, { "content-type": "application/json" });
  }

  get(path: string): Promise<Reply> {
    return this.send("GET", path);
  }

  close(): void {
    this.agent.destroy();
  }
}

export interface TestServer extends RunningServer {
  client: HttpsClient;
  logs: string[];
}

export async function startTestServer(options: Partial<ServeOptions> & Pick<ServeOptions, "distDir">): Promise<TestServer> {
  const logs: string[] = [];
  const server = await startServer({ certificate: testCertificate(), port: 0, workers: 2, log: (l) => logs.push(l), ...options });
  const client = new HttpsClient(server.url, testCertificate().ca);
  return {
    ...server,
    client,
    logs,
    async close() {
      client.close();
      await server.close();
    },
  };
}

/** Writes beside and renames, as editors save, so that a watcher never reads half a file. */
export function saveFile(path: string, text: string): void {
  writeFileSync(`${path}.tmp`, text);
  renameSync(`${path}.tmp`, path);
}

/** /readiness once its text matches `pattern` (after a reload the server does in its own time). */
export function readinessMatching(client: HttpsClient, pattern: RegExp): Promise<Reply> {
  return until(`/readiness to match ${pattern}`, async () => {
    const reply = await client.get("/readiness");
    return pattern.test(reply.text) && reply;
  });
}

export function admissionReview(request: AdmissionRequest | Record<string, unknown>): string {
  return JSON.stringify({ apiVersion: "admission.k8s.io/v1", kind: "AdmissionReview", request });
}

export function podRequest(uid: string, labels: Record<string, string> = {}, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    uid,
    kind: { group: "", version: "v1", kind: "Pod" },
    resource: { group: "", version: "v1", resource: "pods" },
    name: "web",
    namespace: "shop",
    operation: "CREATE",
    userInfo: { username: "dev" },
    object: { apiVersion: "v1", kind: "Pod", metadata: { name: "web", namespace: "shop", labels }, spec: { containers: [{ name: "c", image: "nginx" }] } },
    ...extra,
  };
}
