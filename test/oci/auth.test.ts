// Authentication against real registries: htpasswd (Basic) and token (Bearer) modes.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pullPolicy } from "../../src/oci/pull.ts";
import { pushPolicy } from "../../src/oci/push.ts";
import { startRegistry, type RunningRegistry } from "../support/registry.ts";
import { startTokenServer, type TokenServer } from "../support/token-server.ts";
import { testModule } from "../support/wasm.ts";

const USER = { username: "policy-bot", password: "s3cret-Pass" };
const envFor = (username: string, password: string) => ({ WARDENKIT_REGISTRY_USER: username, WARDENKIT_REGISTRY_PASSWORD: password });

describe("htpasswd (Basic) authentication", () => {
  let registry: RunningRegistry;
  let dockerConfigDir: string;
  beforeAll(async () => {
    registry = await startRegistry({ htpasswd: USER });
    dockerConfigDir = mkdtempSync(join(tmpdir(), "wardenkit-docker-config-"));
  });
  afterAll(async () => {
    await registry?.stop();
    rmSync(dockerConfigDir, { recursive: true, force: true });
  });

  it("pushes and pulls with credentials from the environment", async () => {
    const env = envFor(USER.username, USER.password);
    const pushed = await pushPolicy(testModule(), `${registry.host}/policies/basic:v1`, { env });
    expect((await pullPolicy(pushed.reference, { env })).digest).toBe(pushed.digest);
  });

  it("names the realm and the user when the password is wrong", async () => {
    await expect(pushPolicy(testModule(), `${registry.host}/policies/basic:v1`, { env: envFor(USER.username, "wrong") })).rejects.toThrow(
      `registry ${registry.host} refused the credentials of user 'policy-bot' (401, realm "wardenkit-test-realm")`,
    );
  });

  it("says that no credentials were sent", async () => {
    await expect(pullPolicy(`${registry.host}/policies/basic:v1`, { env: {} })).rejects.toThrow(
      `registry ${registry.host} requires credentials (401, realm "wardenkit-test-realm") and none were sent`,
    );
  });

  it("reads credentials from the Docker config file, in both of its forms", async () => {
    const auth = Buffer.from(`${USER.username}:${USER.password}`).toString("base64");
    const forms = [{ auth }, { username: USER.username, password: USER.password }];
    for (const entry of forms) {
      writeFileSync(join(dockerConfigDir, "config.json"), JSON.stringify({ auths: { [`http://${registry.host}`]: entry } }));
      const pulled = pullPolicy(`${registry.host}/policies/basic:v1`, { env: { DOCKER_CONFIG: dockerConfigDir } });
      await expect(pulled).resolves.toMatchObject({ digest: expect.stringMatching(/^sha256:/) });
    }
  });

  it("prefers the environment over the Docker config file", async () => {
    const auth = Buffer.from(`${USER.username}:stale`).toString("base64");
    writeFileSync(join(dockerConfigDir, "config.json"), JSON.stringify({ auths: { [registry.host]: { auth } } }));
    const env = { DOCKER_CONFIG: dockerConfigDir, ...envFor(USER.username, USER.password) };
    await expect(pullPolicy(`${registry.host}/policies/basic:v1`, { env })).resolves.toBeDefined();
  });
});

describe("token (Bearer) authentication", () => {
  let tokens: TokenServer;
  let registry: RunningRegistry;
  beforeAll(async () => {
    tokens = await startTokenServer(USER);
    const { realm, service, issuer, certPath } = tokens;
    registry = await startRegistry({ token: { realm, service, issuer, rootCertBundle: certPath } });
  });
  afterAll(async () => {
    await registry?.stop();
    await tokens?.stop();
  });

  it("trades the credentials for a token scoped to the repository", async () => {
    const env = envFor(USER.username, USER.password);
    const wasm = testModule();
    const pushed = await pushPolicy(wasm, `${registry.host}/policies/bearer:v1`, { env });
    expect((await pullPolicy(`${registry.host}/policies/bearer:v1`, { env })).wasm).toEqual(wasm);
    const scopes = tokens.requests.flatMap((q) => q.getAll("scope"));
    expect(scopes).toContain("repository:policies/bearer:pull,push");
    expect(scopes).toContain("repository:policies/bearer:pull");
    expect(tokens.requests.every((q) => q.get("service") === tokens.service)).toBe(true);
    expect(pushed.reference).toContain("@sha256:");
  });

  it("reports a token service that refuses the credentials", async () => {
    await expect(pullPolicy(`${registry.host}/policies/bearer:v1`, { env: envFor(USER.username, "wrong") })).rejects.toThrow(
      `the token service ${tokens.realm} refused to issue a token (401) for user 'policy-bot'`,
    );
  });
});
