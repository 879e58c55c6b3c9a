// One policy's trouble is not another's: a looping review holds up no other
// policy's review, a review whose client went away is stopped instead of run
// to its deadline, and a policy asking for more memory than its cap gets the
// failed-evaluation answer (denied, or allowed when failing open) every time.
// The figures under load are in `npm run bench:isolation`; nothing here is timed.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { request } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import { TIMEOUT_MESSAGE } from "../../src/serve/admission-review.ts";
import { builtModulePath } from "../support/policies.ts";
import { compileGuestModule } from "../support/guest-modules.ts";
import { until, sleep } from "../support/until.ts";
import { loopingModule } from "./support/looping-module.ts";
import { admissionReview, podRequest, startTestServer, testCertificate, type TestServer } from "./support/harness.ts";

/** Long enough that an answer to another review must come before it, on any machine. */
const LOOP_TIMEOUT_SECONDS = 8;
const CAP_MIB = 64;
const CAP_ANSWER = new RegExp(`^internal server error: the policy asked for [\\d.]+ MiB more memory while using [\\d.]+ MiB, past the cap of ${CAP_MIB} MiB per evaluation`);

let dir: string;
let server: TestServer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "wardenkit-serve-isolation-"));
  writeFileSync(join(dir, "loop.wasm"), loopingModule());
  writeFileSync(join(dir, "big-start.wasm"), loopingModule(32));
  writeFileSync(join(dir, "hungry.wasm"), (await compileGuestModule("memory-hungry")).bytes);
  copyFileSync(builtModulePath("required-labels"), join(dir, "required-labels.wasm"));
  writeFileSync(join(dir, "policies.yml"), stringify({
    labels: { module: "required-labels.wasm", settings: { requiredLabels: ["app"] } },
    loop: { module: "loop.wasm", timeoutEvalSeconds: LOOP_TIMEOUT_SECONDS },
    "loop-forever": { module: "loop.wasm", timeoutEvalSeconds: 600 },
    hungry: { module: "hungry.wasm", maxMemoryMiB: CAP_MIB },
  }));
  // One worker: whatever answers the other policies while the loop runs is the pool's doing.
  server = await startTestServer({ distDir: dir, configPath: join(dir, "policies.yml"), workers: 1, watch: false });
});

afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

const labelled = (uid: string) => admissionReview(podRequest(uid, { app: "web" }));

describe("a looping policy", () => {
  it("holds up no other policy's review, and is answered with the timeout", async () => {
    let loopAnswered = false;
    const looping = server.client.post("/validate/loop", admissionReview(podRequest("loop-1"))).finally(() => (loopAnswered = true));
    await sleep(200); // the loop is running
    const others = await Promise.all(Array.from({ length: 5 }, (_, i) => server.client.post("/validate/labels", labelled(`other-${i}`))));
    expect(others.map((a) => a.json().response.allowed)).toEqual([true, true, true, true, true]);
    expect(loopAnswered).toBe(false);
    expect((await looping).json().response).toEqual({ uid: "loop-1", allowed: false, status: { message: TIMEOUT_MESSAGE, code: 500 } });
  });

  it("holds up no other review when many loop at once", async () => {
    let loopsAnswered = 0;
    const loops = Array.from({ length: 4 }, (_, i) =>
      server.client.post("/validate/loop", admissionReview(podRequest(`loops-${i}`))).finally(() => loopsAnswered++));
    await sleep(200);
    const other = await server.client.post("/validate/labels", labelled("beside-loops"));
    expect(other.json().response.allowed).toBe(true);
    expect(loopsAnswered).toBe(0);
    for (const loop of await Promise.all(loops)) expect(loop.json().response.status.message).toBe(TIMEOUT_MESSAGE);
  });
});

describe("a client that goes away", () => {
  it("cancels its review instead of leaving it to run to the deadline", async () => {
    const metric = /wardenkit_policy_evaluations_total\{policy_id="loop-forever",verdict="cancelled",mode="protect"\} 1/;
    const req = request(`${server.url}/validate/loop-forever`, { method: "POST", ca: testCertificate().ca, headers: { "content-type": "application/json" } });
    req.on("error", () => {}); // the reset is ours
    req.end(admissionReview(podRequest("gone")));
    await sleep(500); // the review is running
    req.destroy();
    await until("the cancelled review in the metrics", async () => metric.test((await server.client.get("/metrics")).text));
    expect((await server.client.post("/validate/labels", labelled("after-gone"))).json().response.allowed).toBe(true);
  });
});

describe("a policy asking for more memory than its cap", () => {
  it("is denied with the reason, every time, and the others are unaffected", async () => {
    for (const uid of ["h-1", "h-2"]) {
      const response = (await server.client.post("/validate/hungry", admissionReview(podRequest(uid)))).json().response;
      expect(response.allowed).toBe(false);
      expect(response.status.code).toBe(500);
      expect(response.status.message).toMatch(CAP_ANSWER);
    }
    expect((await server.client.post("/validate/labels", labelled("after-hungry"))).json().response.allowed).toBe(true);
    expect(server.logs.some((l) => l.startsWith("policy hungry: internal server error: the policy asked for"))).toBe(true);
  });

  it("is allowed with a warning when the server fails open", async () => {
    const open = await startTestServer({ distDir: dir, configPath: join(dir, "policies.yml"), failOpen: true, watch: false, workers: 1 });
    try {
      const response = (await open.client.post("/validate/hungry", admissionReview(podRequest("h-open")))).json().response;
      expect(response.allowed).toBe(true);
      expect(response.warnings[0]).toMatch(/^policy hungry could not decide \(internal server error: the policy asked for .* past the cap of 64 MiB/);
    } finally {
      await open.close();
    }
  });

  it("is not served when its memory starts above the cap, and says so", async () => {
    const small = join(dir, "small-cap.yml");
    writeFileSync(small, stringify({ labels: { module: "required-labels.wasm", settings: { requiredLabels: ["app"] } }, tiny: { module: "big-start.wasm", maxMemoryMiB: 1 } }));
    const capped = await startTestServer({ distDir: dir, configPath: small, watch: false, workers: 1 });
    try {
      const reply = await capped.client.post("/validate/tiny", admissionReview(podRequest("t")));
      expect(reply.status).toBe(404);
      expect(reply.text).toMatch(/^policy tiny is not served: the module starts with 2 MiB of memory, more than the cap of 1 MiB per evaluation$/);
    } finally {
      await capped.close();
    }
  });
});
