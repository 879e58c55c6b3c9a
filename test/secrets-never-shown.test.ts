// Each secret sent through every way a URL, a reference or a registry's own words reach a
// person: pull, push, publish, inspect, run, manifest, check and test on the terminal, apply's settings
// check, and serve's log, /readiness and /validate/<id>. The registry is scripted
// (test/support/scripted-registry.ts): the real one does not echo a request's credentials
// back in its errors, which is what a careless or hostile registry does here. It takes
// Basic credentials, or issues a bearer token from a realm whose URL carries a token, then
// refuses with an error body repeating the Authorization header and a terminal escape.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { IncomingMessage, ServerResponse } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { checkPolicySettings } from "../src/cluster/settings-check.ts";
import type { PolicyDocument } from "../src/manifests/policy-documents.ts";
import { builtModulePath, POLICY_NAMES } from "./support/policies.ts";
import { runWardenkit } from "./support/run-command.ts";
import { startScriptedRegistry, type ScriptedRegistry } from "./support/scripted-registry.ts";
import { startTestServer } from "./serve/support/harness.ts";
import { testModule } from "./support/wasm.ts";

const USER = "alice";
const PASSWORD = "S3cr3t-pw-7f3a";
const BASIC = Buffer.from(`${USER}:${PASSWORD}`).toString("base64");
const BEARER = "bearer-tok-91c2d";
const REALM_TOKEN = "realm-tok-3d4e";
const QUERY_SECRETS = { token: "qs-tok-55e1", "X-Amz-Signature": "amz-sig-0b9d", sig: "az-sig-77aa" };
const SECRETS = [PASSWORD, BASIC, BEARER, REALM_TOKEN, ...Object.values(QUERY_SECRETS)];
const ESCAPE = "\x1b";

let registry: ScriptedRegistry;
let work: string;
const env = () => ({ ...process.env, WARDENKIT_REGISTRY_USER: USER, WARDENKIT_REGISTRY_PASSWORD: PASSWORD, DOCKER_CONFIG: work });

/** `https://alice:<password>@…` and `http://…?token=…&X-Amz-Signature=…&sig=…`, both to the scripted server. */
const userinfoUrl = () => `https://${USER}:${PASSWORD}@${registry.host}/modules/policy.wasm`;
const queryUrl = () => `http://${registry.host}/modules/policy.wasm?${new URLSearchParams(QUERY_SECRETS)}`;
/** A repository of the scripted registry: `basic/…` asks for Basic, `bearer/…` for a token, `refused/…` is refused a token. */
const reference = (repo: "basic" | "bearer" | "refused") => `registry://${registry.host}/${repo}/policy:v1`;

/** The registry's error, repeating what it was sent: one way a secret reaches a message. */
function echo(req: IncomingMessage, res: ServerResponse): void {
  const auth = req.headers.authorization ?? "";
  const message = `denied: ${auth} (headers: {"authorization":"${auth}"}) ${ESCAPE}[2J\nFORGED line`;
  res.writeHead(400, { "content-type": "application/json" }).end(JSON.stringify({ errors: [{ code: "DENIED", message }] }));
}

function registryLike(req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url ?? "/", "http://scripted");
  if (url.pathname === "/token") {
    const refused = url.searchParams.getAll("scope").some((s) => s.includes("refused/"));
    if (refused || req.headers.authorization !== `Basic ${BASIC}`) return void res.writeHead(401).end();
    return void res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ token: BEARER }));
  }
  if (!url.pathname.startsWith("/v2/")) return void res.writeHead(404).end();
  if (!req.headers.authorization) {
    const challenge = url.pathname.startsWith("/v2/basic/")
      ? 'Basic realm="scripted"'
      : `Bearer realm="http://${registry.host}/token?access_token=${REALM_TOKEN}",service="scripted"`;
    return void res.writeHead(401, { "www-authenticate": challenge }).end();
  }
  if (req.method === "HEAD") return void res.writeHead(404).end(); // no blob yet: push goes on to upload
  echo(req, res);
}

function expectNoSecret(text: string): void {
  for (const secret of SECRETS) expect(text).not.toContain(secret);
  expect(text).not.toContain(ESCAPE);
  expect(text).not.toMatch(/^FORGED/m);
  expect(text).toContain("***"); // the secret was there, and masked
}

function file(name: string, content: unknown): string {
  const path = join(work, name);
  writeFileSync(path, typeof content === "string" || content instanceof Uint8Array ? content : stringify(content));
  return path;
}

function policy(name: string, module: string) {
  return {
    apiVersion: "policies.kubewarden.io/v1",
    kind: "ClusterAdmissionPolicy",
    metadata: { name },
    spec: { module, rules: [{ apiGroups: [""], apiVersions: ["v1"], resources: ["pods"], operations: ["CREATE"] }], mutating: false, settings: {} },
  };
}

const REQUEST = "fixtures/required-labels/create-pod-unlabelled.json";
const pod = { apiVersion: "v1", kind: "Pod", metadata: { name: "p", namespace: "default" }, spec: { containers: [{ name: "c", image: "nginx" }] } };

beforeAll(async () => {
  registry = await startScriptedRegistry();
  registry.fallback = registryLike;
  work = mkdtempSync(join(tmpdir(), "wardenkit-secrets-"));
});
afterAll(async () => {
  await registry?.stop();
  rmSync(work, { recursive: true, force: true });
});

describe("the terminal", () => {
  it.each([
    ["pull with Basic", () => ["pull", reference("basic"), "--output-file", join(work, "out.wasm")]],
    ["pull with a token", () => ["pull", reference("bearer"), "--output-file", join(work, "out.wasm")]],
    ["pull refused a token", () => ["pull", reference("refused"), "--output-file", join(work, "out.wasm")]],
    ["pull of a reference with credentials", () => ["pull", reference("basic").replace("registry://", `registry://${USER}:${PASSWORD}@`), "--output-file", join(work, "out.wasm")]],
    ["inspect", () => ["inspect", reference("bearer")]],
    ["push", () => ["push", file("module.wasm", Buffer.from(testModule())), reference("basic"), "--force"]],
    ["run of a registry:// module", () => ["run", reference("basic"), "--request", REQUEST]],
    ["run of an https:// module with credentials", () => ["run", userinfoUrl(), "--request", REQUEST]],
    ["manifest of a module whose URL carries secrets", () => ["manifest", queryUrl()]],
  ])("%s", async (_, args) => {
    const run = await runWardenkit(args(), { env: env() });
    expect(run.code).toBe(1);
    expectNoSecret(run.stdout + run.stderr);
  });

  it("publish", async () => {
    const dist = join(work, "dist");
    mkdirSync(dist, { recursive: true });
    for (const name of POLICY_NAMES) copyFileSync(builtModulePath(name), join(dist, `${name}.wasm`));
    const run = await runWardenkit(["publish", "--registry", `${registry.host}/bearer`, "--dist", dist], { env: env() });
    expect(run.code).toBe(1);
    expectNoSecret(run.stdout + run.stderr);
  });

  it.each([
    ["an https:// module with credentials", userinfoUrl],
    ["a registry:// module", () => reference("basic")],
  ])("check of a policy set with %s", async (_, module) => {
    const manifest = file("check-policy.yaml", policy("leaky", module()));
    const run = await runWardenkit(["check", "--policies", manifest, file("pod.yaml", pod)], { env: env() });
    expect(run.code).toBe(2); // the set cannot be loaded: 2, since 1 would be a denial
    expectNoSecret(run.stdout + run.stderr);
  });

  it.each([
    ["an https:// module with credentials", userinfoUrl],
    ["a registry:// module", () => reference("bearer")],
  ])("test of a suite with %s", async (_, module) => {
    file("suite-policy.yaml", policy("leaky", module()));
    const suite = file("suite.yaml", { policies: ["suite-policy.yaml"], resources: [{ name: "a pod", object: pod, results: { leaky: "pass" } }] });
    const run = await runWardenkit(["test", suite], { env: env() });
    expect(run.code).toBe(2); // the suite cannot be run: 2, since 1 would be a failed case
    expectNoSecret(run.stdout + run.stderr);
  });
});

describe("apply's settings check", () => {
  it("names no secret in its notes", async () => {
    const documents: PolicyDocument[] = [userinfoUrl(), queryUrl(), reference("basic"), reference("refused")].map((module, i) => ({
      source: join(work, "apply.yaml"),
      object: policy(`leaky-${i}`, module),
    }));
    const report = await checkPolicySettings(documents, { distDir: join(work, "no-dist"), registry: { env: env() } });
    expect(report.notes).toHaveLength(documents.length);
    for (const note of report.notes) expectNoSecret(note);
  });
});

describe("serve", () => {
  it("names no secret in its log, /readiness or /validate/<id>", async () => {
    const modules = { "userinfo-url": userinfoUrl(), "query-url": queryUrl(), "basic-registry": reference("basic"), "bearer-registry": reference("bearer") };
    const config = file("policies.yml", Object.fromEntries(Object.entries(modules).map(([id, module]) => [id, { module, settings: {} }])));
    const server = await startTestServer({ distDir: work, configPath: config, watch: false, registry: { env: env() } });
    try {
      expect(server.logs).toHaveLength(Object.keys(modules).length);
      for (const line of server.logs) expectNoSecret(line);
      const readiness = await server.client.get("/readiness");
      expect(readiness.status).toBe(503);
      expectNoSecret(readiness.text);
      for (const id of Object.keys(modules)) {
        const review = await server.client.post(`/validate/${id}`, "{}");
        expect(review.status).toBe(404);
        expectNoSecret(review.text);
      }
      const escaped = await server.client.post(`/validate/${encodeURIComponent(`x${ESCAPE}[2J`)}`, "{}");
      expect(escaped.text).toBe("no policy x\\x1b[2J is served");
    } finally {
      await server.close();
    }
  });

  it("names no secret in /readiness when a served policy's new module cannot be had", async () => {
    const served = { module: builtModulePath("required-labels"), settings: { requiredLabels: ["app"] } };
    const config = file("policies.yml", { labels: served });
    const server = await startTestServer({ distDir: work, configPath: config, watch: false, registry: { env: env() } });
    try {
      expect((await server.client.get("/readiness")).text).toBe("ready");
      file("policies.yml", { labels: { ...served, module: userinfoUrl() } });
      await server.reload();
      const readiness = await server.client.get("/readiness");
      expect(readiness.status).toBe(200); // the previous version serves
      expectNoSecret(readiness.text);
      for (const line of server.logs) expect(line).not.toContain(PASSWORD);
    } finally {
      await server.close();
    }
  });
});
