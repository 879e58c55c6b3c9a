// A policy that loops forever is stopped at its timeout and denied (or allowed
// when failing open) while other reviews keep being answered; bad requests get
// 400, 404, 405 or 413 with a reason; invalid settings keep only that policy out.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import { MAX_BODY_BYTES } from "../../src/serve/http-routes.ts";
import { TIMEOUT_MESSAGE } from "../../src/serve/admission-review.ts";
import { builtModulePath } from "../support/policies.ts";
import { loopingModule } from "./support/looping-module.ts";
import { admissionReview, podRequest, startTestServer, type TestServer } from "./support/harness.ts";

const POLICY_TIMEOUT_MS = 300;
let dir: string;
let server: TestServer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "wardenkit-serve-timeout-"));
  writeFileSync(join(dir, "loop.wasm"), loopingModule());
  copyFileSync(builtModulePath("required-labels"), join(dir, "required-labels.wasm"));
  writeFileSync(join(dir, "policies.yml"), stringify({
    // Its own generous deadline: a first review on a just-started worker of a busy machine can take longer than the loop's.
    "labels": { module: "required-labels.wasm", settings: { requiredLabels: ["app"] }, timeoutEvalSeconds: 60 },
    "labels-custom-message": { module: "required-labels.wasm", settings: { requiredLabels: ["app"] }, message: "ask the platform team" },
    "labels-monitor": { module: "required-labels.wasm", settings: { requiredLabels: ["app"] }, policyMode: "monitor" },
    "labels-bad-settings": { module: "required-labels.wasm", settings: { requiredLabels: "app" } },
    "loop": { module: "loop.wasm" },
    "missing": { module: "nowhere.wasm" },
  }));
  server = await startTestServer({ distDir: dir, configPath: join(dir, "policies.yml"), policyTimeoutMs: POLICY_TIMEOUT_MS, watch: false });
});

afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("policy timeout", () => {
  it("stops a looping policy, denies with policy-server's message, and keeps answering others", async () => {
    const looping = server.client.post("/validate/loop", admissionReview(podRequest("loop-1")));
    const others = Array.from({ length: 20 }, (_, i) =>
      server.client.post("/validate/labels", admissionReview(podRequest(`other-${i}`, { app: "web" }))));
    const answers = await Promise.all(others);
    expect(answers.map((a) => a.status === 200 && a.json().response)).toEqual(others.map((_, i) => ({ uid: `other-${i}`, allowed: true })));
    const loop = await looping;
    expect(loop.status).toBe(200);
    expect(loop.json().response).toEqual({ uid: "loop-1", allowed: false, status: { message: TIMEOUT_MESSAGE, code: 500 } });

    // The server stays healthy and replaced the stopped worker; readiness still names only
    // the two policies that could never be loaded.
    const readiness = await server.client.get("/readiness");
    expect(readiness.status).toBe(503);
    expect(readiness.text).toMatch(/^not every policy is served: labels-bad-settings \(Policy settings are invalid: .*\); missing \(cannot read module .*nowhere\.wasm/);
    const after = await server.client.post("/validate/labels", admissionReview(podRequest("after", {})));
    expect(after.json().response.allowed).toBe(false);
    const metrics = (await server.client.get("/metrics")).text;
    expect(metrics).toMatch(/wardenkit_policy_timeouts_total\{policy_id="loop"\} 1/);
    expect(metrics).toMatch(/wardenkit_policy_evaluations_total\{policy_id="loop",verdict="timeout",mode="protect"\} 1/);
  });

  it("allows with a warning when the server fails open", async () => {
    const open = await startTestServer({ distDir: dir, configPath: join(dir, "policies.yml"), policyTimeoutMs: POLICY_TIMEOUT_MS, failOpen: true, watch: false, workers: 1 });
    try {
      const response = (await open.client.post("/validate/loop", admissionReview(podRequest("loop-2")))).json().response;
      expect(response.allowed).toBe(true);
      expect(response.warnings[0]).toContain(TIMEOUT_MESSAGE);
    } finally {
      await open.close();
    }
  });
});

describe("policy-server behaviour", () => {
  it("replaces the message of a rejection by the configured one, keeping the policy's as a cause", async () => {
    const response = (await server.client.post("/validate/labels-custom-message", admissionReview(podRequest("m-1")))).json().response;
    expect(response.allowed).toBe(false);
    expect(response.status.message).toBe("ask the platform team");
    expect(response.status.details.causes[0].message).toMatch(/missing required labels app/);
  });

  it("allows in monitor mode and logs what the policy would have done", async () => {
    const response = (await server.client.post("/validate/labels-monitor", admissionReview(podRequest("mon-1")))).json().response;
    expect(response).toEqual({ uid: "mon-1", allowed: true });
    expect(server.logs.some((l) => l.includes("labels-monitor (monitor mode) would have answered rejected") && l.includes("missing required labels app"))).toBe(true);
  });

  it("does not serve a policy whose settings are invalid, or whose module is missing, and says why", async () => {
    const bad = await server.client.post("/validate/labels-bad-settings", admissionReview(podRequest("s-1")));
    expect(bad.status).toBe(404);
    expect(bad.text).toMatch(/^policy labels-bad-settings is not served: Policy settings are invalid: requiredLabels must be a list/);
    const missing = await server.client.post("/validate/missing", admissionReview(podRequest("s-2")));
    expect(missing.text).toMatch(/cannot read module .*nowhere\.wasm: ENOENT/);
    expect(server.policies.list().map((p) => p.id).sort()).toEqual(["labels", "labels-custom-message", "labels-monitor", "loop"]);
  });
});

describe("bad requests", () => {
  it.each([
    ["not JSON", "{nope", /^invalid AdmissionReview: the body is not JSON/],
    ["not an AdmissionReview", JSON.stringify({ kind: "Pod" }), /^invalid AdmissionReview: expected an AdmissionReview$/],
    ["a v1beta1 review", JSON.stringify({ apiVersion: "admission.k8s.io/v1beta1", kind: "AdmissionReview", request: {} }), /expected apiVersion admission.k8s.io\/v1/],
    ["a review without request", JSON.stringify({ apiVersion: "admission.k8s.io/v1", kind: "AdmissionReview" }), /the AdmissionReview has no request/],
    ["a request without uid", admissionReview({ ...podRequest("x"), uid: undefined }), /the request has no uid/],
  ])("answers %s with 400 and the reason", async (_name, body, reason) => {
    const reply = await server.client.post("/validate/labels", body);
    expect(reply.status).toBe(400);
    expect(reply.text).toMatch(reason);
  });

  it("answers 400 even for a policy that would loop: the body is refused before it runs", async () => {
    const reply = await server.client.post("/validate/loop", "[]");
    expect(reply.status).toBe(400);
  });

  it("answers an unknown policy with 404, a wrong method with 405, an unknown path with 404", async () => {
    expect((await server.client.post("/validate/nope", admissionReview(podRequest("u")))).text).toBe("no policy nope is served");
    expect((await server.client.get("/validate/labels")).status).toBe(405);
    expect((await server.client.get("/elsewhere")).status).toBe(404);
  });

  it("answers a body over 3 MiB with 413, by its declared length or as it streams", async () => {
    const huge = Buffer.alloc(MAX_BODY_BYTES + 1, 0x20);
    const declared = await server.client.send("POST", "/validate/labels", huge, { "content-length": huge.length });
    expect(declared.status).toBe(413);
    const streamed = await server.client.send("POST", "/validate/labels", huge, { "transfer-encoding": "chunked" });
    expect(streamed.status).toBe(413);
    expect((await server.client.get("/metrics")).status).toBe(200);
  });

  it("accepts a body of exactly 3 MiB", async () => {
    const review = admissionReview(podRequest("big", { app: "web" }));
    const padded = Buffer.concat([Buffer.from(review), Buffer.alloc(MAX_BODY_BYTES - review.length, 0x20)]);
    const reply = await server.client.post("/validate/labels", padded);
    expect(reply.status).toBe(200);
    expect(reply.json().response.allowed).toBe(true);
  });
});
