// HTTP limits that hold whatever the client: every body over 3 MiB is answered 413 (curl's
// `Expect: 100-continue` before the body is sent, Node's client while it is still sending,
// never a connection reset), and what would make the server fail is a 400: JSON nested
// deeper than policies read, a path whose percent-encoding is broken.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFile } from "node:child_process";
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { Agent, request } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { MAX_BODY_BYTES } from "../../src/serve/http-routes.ts";
import { MAX_JSON_DEPTH } from "../../src/serve/json-depth.ts";
import { builtModulePath } from "../support/policies.ts";
import { admissionReview, podRequest, startTestServer, testCertificate, type TestServer } from "./support/harness.ts";

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
