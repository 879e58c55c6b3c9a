// Every fixture case of every policy, sent as a real AdmissionReview over HTTPS
// to `wardenkit serve`: the answer must match what the case expects, and
// mutations must come back as the JSONPatch policy-server would send.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { stringify } from "yaml";
import { loadCaseFile, type PolicyCase } from "../../src/testing/case-file.ts";
import { applyPatch } from "../../src/host/json-patch.ts";
import { PROJECT_ROOT } from "../../src/project.ts";
import { POLICY_NAMES, builtModulePath } from "../support/policies.ts";
import { admissionReview, podRequest, startTestServer, type TestServer } from "./support/harness.ts";

interface ServedCase {
  policy: string;
  id: string;
  case: PolicyCase;
}

const caseFiles = POLICY_NAMES.map((p) => join(PROJECT_ROOT, "fixtures", p, "cases.yaml")).filter(existsSync);

/** One policies.yml entry per (policy, settings) pair, so every case runs with its own settings. */
function planCases(): { entries: Record<string, unknown>; cases: ServedCase[] } {
  const entries: Record<string, unknown> = {};
  const cases: ServedCase[] = [];
  const ids = new Map<string, string>();
  for (const path of caseFiles) {
    const file = loadCaseFile(path);
    for (const c of file.cases) {
      if (!c.request || c.cluster || c.replay) continue;
      const key = `${file.policy} ${JSON.stringify(c.settings)}`;
      let id = ids.get(key);
      if (!id) {
        id = `${file.policy}-${ids.size}`;
        ids.set(key, id);
        entries[id] = { module: pathToFileURL(builtModulePath(file.policy)).href, settings: c.settings ?? {}, allowedToMutate: true };
      }
      cases.push({ policy: file.policy, id, case: c });
    }
  }
  return { entries, cases };
}

const plan = planCases();
let dir: string;
let server: TestServer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "wardenkit-serve-fixtures-"));
  plan.entries["run-as-non-root-mutating"] = { module: builtModulePath("run-as-non-root"), settings: { mutate: true }, allowedToMutate: true };
  plan.entries["run-as-non-root-not-allowed"] = { module: builtModulePath("run-as-non-root"), settings: { mutate: true }, allowedToMutate: false };
  writeFileSync(join(dir, "policies.yml"), stringify(plan.entries));
  server = await startTestServer({ distDir: dir, configPath: join(dir, "policies.yml"), watch: false });
});

afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("fixture cases over HTTPS", () => {
  it("covers every policy that has fixtures", () => {
    expect(caseFiles.length).toBeGreaterThan(0);
    expect(new Set(plan.cases.map((c) => c.policy)).size).toBe(caseFiles.length);
    expect(server.policies.problems).toEqual([]);
  });

  it.each(plan.cases.map((c) => [`${c.policy}: ${c.case.name}`, c] as const))("%s", async (_name, { id, case: c }) => {
    const reply = await server.client.post(`/validate/${id}`, admissionReview(c.request!));
    expect(reply.status).toBe(200);
    const review = reply.json();
    expect(review).toMatchObject({ apiVersion: "admission.k8s.io/v1", kind: "AdmissionReview" });
    const response = review.response;
    expect(response.uid).toBe(c.request!.uid);
    expect(response.allowed).toBe(c.expect.allowed);
    if (c.expect.message !== undefined) expect(response.status?.message).toMatch(new RegExp(c.expect.message));
    if (c.expect.code !== undefined) expect(response.status?.code).toBe(c.expect.code);
    if (c.expect.patch === "none") expect(response.patch).toBeUndefined();
    if (Array.isArray(c.expect.patch)) expect(JSON.parse(Buffer.from(response.patch, "base64").toString())).toEqual(c.expect.patch);
  });
});

describe("mutation", () => {
  const rootPod = () => podRequest("mutate-1", { app: "web" });

  it("answers a mutation with a base64 JSONPatch that fixes the object", async () => {
    const request = rootPod();
    const response = (await server.client.post("/validate/run-as-non-root-mutating", admissionReview(request))).json().response;
    expect(response).toMatchObject({ uid: "mutate-1", allowed: true, patchType: "JSONPatch" });
    const ops = JSON.parse(Buffer.from(response.patch, "base64").toString());
    expect(ops.length).toBeGreaterThan(0);
    const patched = applyPatch(request.object, ops) as { spec: { securityContext?: { runAsNonRoot?: boolean } } };
    expect(patched.spec.securityContext?.runAsNonRoot).toBe(true);
  });

  it("rejects a mutation from a policy that is not allowed to mutate, with policy-server's message", async () => {
    const response = (await server.client.post("/validate/run-as-non-root-not-allowed", admissionReview(rootPod()))).json().response;
    expect(response.allowed).toBe(false);
    expect(response.patch).toBeUndefined();
    expect(response.status.message).toBe(
      "Request rejected by policy run-as-non-root-not-allowed. The policy attempted to mutate the request, but it is currently configured to not allow mutations.",
    );
  });
});
