// HTTP limits that hold whatever the client: every body over 3 MiB is answered 413 (curl's
// `Expect: 100-continue` before the body is sent, Node's client while it is still sending,
// never a connection reset), and what would make the server fail is a 400: JSON nested
// deeper than policies read, a path whose percent-encoding is broken. A client too slow with
// its headers or body is answered 408 at the limit, a connection silent for too long while its
// review runs is closed (and the review cancelled), and connections past the cap are refused;
// those limits are given small values here, so that nothing waits for the real ones.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFile } from "node:child_process";
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { Agent, request } from "node:https";
import { connect, type TLSSocket } from "node:tls";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { stringify } from "yaml";
import { MAX_BODY_BYTES } from "../../src/serve/http-routes.ts";
import { MAX_JSON_DEPTH } from "../../src/serve/json-depth.ts";
import type { HttpLimits } from "../../src/serve/http-limits.ts";
import { builtModulePath } from "../support/policies.ts";
import { until } from "../support/until.ts";
import { loopingModule } from "./support/looping-module.ts";
import { HttpsClient, admissionReview, podRequest, startTestServer, testCertificate, type TestServer } from "./support/harness.ts";

const execFileAsync = promisify(execFile);
const TEN_MB = 10 * 1000 * 1000;
const ATTEMPTS = 6;
const FIRST_PART = 1024 * 1024;
const PAUSE_MS = 200;
let dir: string;
let server: TestServer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "wardenkit-serve-limits-"));
  copyFileSync(builtModulePath("required-labels"), join(dir, "required-labels.wasm"));
  writeFileSync(join(dir, "loop.wasm"), loopingModule());
  writeFileSync(join(dir, "ca.pem"), testCertificate().ca);
  writeFileSync(join(dir, "big.json"), Buffer.alloc(TEN_MB, 0x20));
  server = await startTestServer({ distDir: dir, watch: false });
});

afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** curl as users run it: a body this large goes with `Expect: 100-continue`. */
async function curlStatus(args: string[]): Promise<{ code: string; trace: string }> {
  const { stdout, stderr } = await execFileAsync("curl", [
    "--silent", "--show-error", "--verbose", "--cacert", join(dir, "ca.pem"), "--output", "/dev/null", "--write-out", "%{http_code}",
    ...args, `${server.url}/validate/required-labels`,
  ]);
  return { code: stdout, trace: stderr };
}

interface Outcome {
  status?: number;
  error?: string;
}

/**
 * One POST on a fresh connection that sends its first megabyte, pauses (the server has
 * answered 413 by then) and sends the rest: what the client sees, the answer and any error.
 */
function nodePost(body: Buffer, headers: Record<string, string | number>): Promise<Outcome> {
  return new Promise((resolve) => {
    const outcome: Outcome = {};
    const req = request(`${server.url}/validate/required-labels`, {
      method: "POST", agent: new Agent({ ca: testCertificate().ca }), headers: { "content-type": "application/json", ...headers },
    }, (res) => {
      outcome.status = res.statusCode;
      res.resume();
    });
    req.on("error", (err: NodeJS.ErrnoException) => (outcome.error ??= err.code ?? err.message));
    req.on("close", () => resolve(outcome));
    req.write(body.subarray(0, FIRST_PART));
    setTimeout(() => req.end(body.subarray(FIRST_PART)), PAUSE_MS);
  });
}

describe("bodies over the limit", () => {
  it("answer curl's Expect: 100-continue with 413 before the body is sent, every time", async () => {
    for (let i = 0; i < ATTEMPTS; i++) {
      const { code, trace } = await curlStatus(["--data-binary", `@${join(dir, "big.json")}`, "-H", "content-type: application/json"]);
      expect(trace).toMatch(/Expect: 100-continue/);
      expect(trace).not.toMatch(/HTTP\/1.1 100 Continue/);
      expect(code).toBe("413");
    }
  });

  it("answer a 10 MB body sent by Node's client with 413, every time, never a reset", async () => {
    const big = Buffer.alloc(TEN_MB, 0x20);
    const declared: Outcome[] = [];
    const streamed: Outcome[] = [];
    for (let i = 0; i < ATTEMPTS; i++) {
      declared.push(await nodePost(big, { "content-length": big.length }));
      streamed.push(await nodePost(big, { "transfer-encoding": "chunked" }));
    }
    expect(declared).toEqual(Array(ATTEMPTS).fill({ status: 413 }));
    expect(streamed).toEqual(Array(ATTEMPTS).fill({ status: 413 }));
  });

  it("answer a chunked body that grows past the limit with 413, and state the limit", async () => {
    const { code } = await curlStatus(["--data-binary", `@${join(dir, "big.json")}`, "-H", "transfer-encoding: chunked", "-H", "expect:"]);
    expect(code).toBe("413");
    const reply = await server.client.send("POST", "/validate/required-labels", Buffer.alloc(MAX_BODY_BYTES + 1, 0x20));
    expect(reply.status).toBe(413);
    expect(reply.text).toBe(`the request body is larger than ${MAX_BODY_BYTES} bytes`);
    expect((await server.client.get("/readiness")).status).toBe(200);
  });
});

describe("requests that used to fail the server", () => {
  it("answers an AdmissionReview nested 100,000 levels deep with 400", async () => {
    const depth = 100_000;
    const deep = `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`;
    const body = admissionReview(podRequest("deep")).replace('"object":', `"object":${deep},"ignored":`);
    const reply = await server.client.post("/validate/required-labels", body);
    expect(reply.status).toBe(400);
    expect(reply.text).toBe(`invalid AdmissionReview: the body nests deeper than ${MAX_JSON_DEPTH} levels`);
  });

  it("still reads objects as deep as policies can, and brackets inside strings", async () => {
    const depth = MAX_JSON_DEPTH - 10;
    const labels = { app: "[[[{{{".repeat(200) };
    const body = admissionReview(podRequest("deep-enough", labels, { options: JSON.parse(`${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`) }));
    const reply = await server.client.post("/validate/required-labels", body);
    expect(reply.status).toBe(200);
    expect(reply.json().response.uid).toBe("deep-enough");
  });

  it("answers a path whose percent-encoding is broken with 400", async () => {
    const reply = await server.client.post("/validate/%E0%A4%A", admissionReview(podRequest("uri")));
    expect(reply.status).toBe(400);
    expect(reply.text).toBe("the policy id in /validate/%E0%A4%A is not valid percent-encoding");
  });
});

describe("headers over the limit", () => {
  it("are answered 431", async () => {
    const reply = await server.client.send("GET", "/readiness", undefined, { "x-padding": "a".repeat(20 * 1024) });
    expect(reply.status).toBe(431);
  });
});

/** A TLS connection to the server at `url`; rejects with the error when the server refuses it. */
function connectTo(url: string): Promise<TLSSocket> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port), ca: testCertificate().ca, servername: "localhost" }, () => resolve(socket));
    socket.once("error", reject);
  });
}

/** What the server sends on `socket` until the connection closes. */
function receivedUntilClosed(socket: TLSSocket): Promise<string> {
  return new Promise((resolve) => {
    let text = "";
    socket.on("data", (chunk: Buffer) => (text += chunk.toString()));
    socket.on("error", () => {}); // writing after the server closed: the close below says it all
    socket.on("close", () => resolve(text));
  });
}

/** Writes `unit` every `everyMs` until `count` are written or the connection is gone; resolves with how many were. */
function trickle(socket: TLSSocket, unit: string, count: number, everyMs: number): Promise<number> {
  return new Promise((resolve) => {
    let written = 0;
    const timer = setInterval(() => {
      if (socket.destroyed || written === count) {
        clearInterval(timer);
        return resolve(written);
      }
      socket.write(unit);
      written++;
    }, everyMs);
  });
}

const REQUEST_TIMEOUT_408 = /^HTTP\/1\.1 408 Request Timeout\r\n/;

describe("slow and silent clients", () => {
  // The idle timeout is longer than a trickle's pause, so that only the limit under test applies.
  const limits: Partial<HttpLimits> = { headersTimeoutMs: 1000, requestTimeoutMs: 2000, idleTimeoutMs: 3000 };
  let slow: TestServer;

  beforeAll(async () => {
    writeFileSync(join(dir, "policies.yml"), stringify({ loop: { module: "loop.wasm", timeoutEvalSeconds: 600 } }));
    slow = await startTestServer({ distDir: dir, configPath: join(dir, "policies.yml"), watch: false, httpLimits: limits });
  });

  afterAll(async () => {
    await slow?.close();
  });

  it("cuts off a body sent at 1 byte/s at the request timeout, with 408", async () => {
    const socket = await connectTo(slow.url);
    const closed = receivedUntilClosed(socket);
    const bodyBytes = 60;
    const started = Date.now();
    socket.write(`POST /validate/loop HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${bodyBytes}\r\n\r\n`);
    const sent = await trickle(socket, " ", bodyBytes, 1000);
    expect(await closed).toMatch(REQUEST_TIMEOUT_408);
    expect(Date.now() - started).toBeGreaterThanOrEqual(limits.requestTimeoutMs!);
    expect(sent).toBeLessThan(bodyBytes);
  });

  it("cuts off headers that never end at the headers timeout, with 408", async () => {
    const socket = await connectTo(slow.url);
    const closed = receivedUntilClosed(socket);
    const started = Date.now();
    socket.write("POST /validate/loop HTTP/1.1\r\nHost: localhost\r\n");
    const lines = 100;
    const sent = await trickle(socket, "X-Padding: a\r\n", lines, 200);
    expect(await closed).toMatch(REQUEST_TIMEOUT_408);
    expect(Date.now() - started).toBeGreaterThanOrEqual(limits.headersTimeoutMs!);
    expect(sent).toBeLessThan(lines);
  });

  it("closes a connection silent past the idle timeout while its review runs, and cancels the review", async () => {
    const socket = await connectTo(slow.url);
    const closed = receivedUntilClosed(socket);
    const body = admissionReview(podRequest("idle"));
    socket.write(`POST /validate/loop HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    expect(await closed).toBe("");
    const cancelled = /wardenkit_policy_evaluations_total\{policy_id="loop",verdict="cancelled",mode="protect"\} 1/;
    await until("the cancelled review in the metrics", async () => cancelled.test((await slow.client.get("/metrics")).text));
  });
});

describe("connections past the cap", () => {
  const maxConnections = 2;
  let capped: TestServer;

  beforeAll(async () => {
    capped = await startTestServer({ distDir: dir, watch: false, httpLimits: { maxConnections } });
  });

  afterAll(async () => {
    await capped?.close();
  });

  it("are refused as they are accepted, counted and logged; a connection that closes makes room", async () => {
    const held = await Promise.all(Array.from({ length: maxConnections }, () => connectTo(capped.url)));
    await expect(connectTo(capped.url)).rejects.toMatchObject({ code: "ECONNRESET" });
    held.pop()!.destroy();
    // The server counts the closed connection out in its own time.
    const client = new HttpsClient(capped.url, testCertificate().ca);
    try {
      const metrics = await until("a connection to be accepted again", () => client.get("/metrics").catch(() => null));
      expect(metrics.text).toMatch(/^wardenkit_connections_refused_total 1$/m);
      expect(capped.logs).toContain(`refusing connections: ${maxConnections} are open, the most serve accepts (wardenkit_connections_refused_total counts the refusals)`);
    } finally {
      client.close();
      for (const socket of held) socket.destroy();
    }
  });
});
