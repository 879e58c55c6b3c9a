// Changing a module or the config while reviews stream in: the new version is
// swapped in, no review fails, and a broken change keeps the old version, stays watched
// and is named by /readiness until it is fixed.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import { withCustomSection } from "../../src/wasm/module-info.ts";
import { builtModulePath } from "../support/policies.ts";
import { until } from "../support/until.ts";
import { admissionReview, podRequest, readinessMatching, saveFile, startTestServer, type TestServer, type Reply } from "./support/harness.ts";

let dir: string;
let server: TestServer;
const configPath = () => join(dir, "policies.yml");

function writeConfig(requiredLabels: unknown): void {
  saveFile(configPath(), stringify({ labels: { module: "modules/required-labels.wasm", settings: { requiredLabels } } }));
}

/** The message of a review of a pod labelled `labels`, or "allowed". */
async function verdict(labels: Record<string, string>): Promise<string> {
  const response = (await server.client.post("/validate/labels", admissionReview(podRequest("verdict", labels)))).json().response;
  return response.allowed ? "allowed" : response.status.message;
}

/** Waits for the server's reload counter to reach `count` for the policy. */
async function reloads(count: number): Promise<void> {
  for (;;) {
    const text = (await server.client.get("/metrics")).text;
    const m = /wardenkit_policy_reloads_total\{policy_id="labels",result="loaded"\} (\d+)/.exec(text);
    if (m && Number(m[1]) >= count) return;
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Sends reviews back to back from several clients until `until` resolves; returns every reply. */
async function stream(until: Promise<void>, clients = 4): Promise<Reply[]> {
  const replies: Reply[] = [];
  let done = false;
  void until.then(() => (done = true));
  let n = 0;
  await Promise.all(Array.from({ length: clients }, async () => {
    while (!done) replies.push(await server.client.post("/validate/labels", admissionReview(podRequest(`r-${n++}`, { app: "web" }))));
  }));
  // A few more after the swap, to see the new version answer.
  for (let i = 0; i < 4; i++) replies.push(await server.client.post("/validate/labels", admissionReview(podRequest(`after-${i}`, { app: "web" }))));
  return replies;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "wardenkit-serve-reload-"));
  const modules = join(dir, "modules");
  mkdirSync(modules);
  copyFileSync(builtModulePath("required-labels"), join(modules, "required-labels.wasm"));
  writeConfig(["app"]);
  server = await startTestServer({ distDir: dir, configPath: configPath() });
});

afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("hot reload", () => {
  it("swaps in changed settings from the config file during a stream of reviews without a failure", async () => {
    const replies = stream(reloads(2));
    await new Promise((r) => setTimeout(r, 100));
    writeConfig(["app", "owner"]);
    const all = await replies;
    expect(all.length).toBeGreaterThan(4);
    expect(all.filter((r) => r.status !== 200)).toEqual([]);
    // Before the swap the pod passes; after it, it misses `owner`.
    expect(all[0].json().response.allowed).toBe(true);
    expect(all.at(-1)!.json().response.status.message).toMatch(/missing required labels owner/);
  });

  it("swaps in a rebuilt module during a stream of reviews without a failure", async () => {
    const path = join(dir, "modules", "required-labels.wasm");
    const rebuilt = withCustomSection(readFileSync(path), "wardenkit.test.rebuild", new Uint8Array([1, 2, 3]));
    const before = server.policies.get("labels")!.module.digest;
    const replies = stream(reloads(3));
    await new Promise((r) => setTimeout(r, 100));
    writeFileSync(path, rebuilt);
    const all = await replies;
    expect(all.filter((r) => r.status !== 200)).toEqual([]);
    expect(server.policies.get("labels")!.module.digest).not.toBe(before);
  });

  it("keeps serving the previous version when the new module is broken", async () => {
    const path = join(dir, "modules", "required-labels.wasm");
    const good = readFileSync(path);
    writeFileSync(path, "not wasm");
    await server.reload();
    expect(server.policies.stale.map((p) => p.id)).toEqual(["labels"]);
    expect(server.policies.problems[0].error).toMatch(/is not a WebAssembly module$/);
    const readiness = await server.client.get("/readiness");
    expect(readiness.status).toBe(200);
    expect(readiness.text).toMatch(/^ready; still serving the previous version of labels \(.*is not a WebAssembly module\)$/);
    const reply = await server.client.post("/validate/labels", admissionReview(podRequest("broken", { app: "web", owner: "me" })));
    expect(reply.json().response.allowed).toBe(true);
    writeFileSync(path, good);
    await server.reload();
    expect(server.policies.problems).toEqual([]);
  });
});

describe("a policies.yml that cannot be used", () => {
  it("stays watched when it does not parse: the previous version serves, /readiness names the file, and the fixed file reloads", async () => {
    writeConfig(["app"]);
    await until("the settings to be loaded", async () => (await verdict({ app: "web" })) === "allowed");
    saveFile(configPath(), "labels: [\n");
    const broken = await readinessMatching(server.client, /previous configuration/);
    expect(broken.status).toBe(200);
    expect(broken.text).toMatch(/^ready; still serving the previous configuration \(policies\.yml is not valid YAML: .+\)$/);
    expect(server.logs).toContainEqual(expect.stringMatching(/^reload failed: policies\.yml is not valid YAML: .+; still serving the previous configuration$/));
    expect(await verdict({ app: "web" })).toBe("allowed");

    writeConfig(["app", "team"]);
    expect((await readinessMatching(server.client, /^ready$/)).status).toBe(200);
    expect(await verdict({ app: "web" })).toMatch(/missing required labels team/);
  });

  it("stays watched when the policy refuses its settings: /readiness names the policy and why, and the fixed entry reloads", async () => {
    writeConfig(["app"]);
    await until("the settings to be loaded", async () => (await verdict({ app: "web" })) === "allowed");
    writeConfig("app");
    const refused = await readinessMatching(server.client, /previous version of labels/);
    expect(refused.status).toBe(200);
    expect(refused.text).toMatch(/^ready; still serving the previous version of labels \(Policy settings are invalid: requiredLabels must be a list/);
    expect(server.logs).toContainEqual(expect.stringMatching(/^policy labels still serves its previous version: Policy settings are invalid: /));
    expect(await verdict({ app: "web" })).toBe("allowed");

    writeConfig(["owner"]);
    await readinessMatching(server.client, /^ready$/);
    expect(await verdict({ app: "web" })).toMatch(/missing required labels owner/);
  });
});
