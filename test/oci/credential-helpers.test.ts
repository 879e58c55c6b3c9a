// Docker credential helpers as Docker runs them, against a real htpasswd registry: the
// helpers are small scripts the test writes to a folder it puts on PATH; each records
// what it was asked on stdin.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pullPolicy } from "../../src/oci/pull.ts";
import { pushPolicy } from "../../src/oci/push.ts";
import { startRegistry, type RunningRegistry } from "../support/registry.ts";
import { runWardenkit } from "../support/run-command.ts";
import { testModule } from "../support/wasm.ts";

const USER = { username: "helper-user", password: "helper-Secret-42" };
let registry: RunningRegistry;
let dir: string;
let bin: string;

/** A `docker-credential-<name>` script: `get` reads the host from stdin and prints `answer`. */
function writeHelper(name: string, body: string): void {
  const path = join(bin, `docker-credential-${name}`);
  writeFileSync(path, `#!/bin/sh\n[ "$1" = get ] || exit 2\nread -r host\necho "$host" >> "${join(dir, `${name}.asked`)}"\n${body}\n`);
  chmodSync(path, 0o755);
}

function asked(name: string): string[] {
  const log = join(dir, `${name}.asked`);
  return existsSync(log) ? readFileSync(log, "utf8").trim().split("\n") : [];
}

function useConfig(config: object): NodeJS.ProcessEnv {
  writeFileSync(join(dir, "config.json"), JSON.stringify(config));
  return { DOCKER_CONFIG: dir, PATH: `${bin}:${process.env.PATH}` };
}

beforeAll(async () => {
  registry = await startRegistry({ htpasswd: USER });
  dir = mkdtempSync(join(tmpdir(), "wardenkit-credential-helpers-"));
  bin = mkdtempSync(join(tmpdir(), "wardenkit-helper-bin-"));
  const json = JSON.stringify({ ServerURL: "", Username: USER.username, Secret: USER.password });
  writeHelper("good", `printf '%s\\n' '${json}'`);
  writeHelper("empty", `echo "credentials not found in native keychain"\nexit 1`);
  writeHelper("broken", `echo "gpg: decryption failed: No secret key" >&2\nexit 3`);
  writeHelper("token", `printf '%s\\n' '{"ServerURL":"","Username":"<token>","Secret":"refresh-token"}'`);
});
afterAll(async () => {
  await registry?.stop();
  for (const d of [dir, bin]) if (d) rmSync(d, { recursive: true, force: true });
});

describe("Docker credential helpers", () => {
  it("uses credsStore: runs docker-credential-<name> get with the registry host on stdin", async () => {
    const env = useConfig({ credsStore: "good" });
    const pushed = await pushPolicy(testModule(), `${registry.host}/policies/helper:v1`, { env });
    expect((await pullPolicy(pushed.reference, { env })).digest).toBe(pushed.digest);
    expect(new Set(asked("good"))).toEqual(new Set([registry.host]));
  });

  it("prefers the registry's credHelpers entry to credsStore and to auths", async () => {
    const stale = Buffer.from(`${USER.username}:stale`).toString("base64");
    const env = useConfig({ credsStore: "broken", credHelpers: { [registry.host]: "good" }, auths: { [registry.host]: { auth: stale } } });
    await expect(pullPolicy(`${registry.host}/policies/helper:v1`, { env })).resolves.toMatchObject({ digest: expect.stringMatching(/^sha256:/) });
  });

  it("names the helper and the host when the helper holds no credentials for it", async () => {
    const env = useConfig({ credHelpers: { [registry.host]: "empty" } });
    await expect(pullPolicy(`${registry.host}/policies/helper:v1`, { env })).rejects.toThrow(
      `registry ${registry.host} requires credentials (401, realm "wardenkit-test-realm") and none were sent; ` +
        `the credential helper docker-credential-empty (credHelpers in ${join(dir, "config.json")}) has no credentials for ${registry.host}; ` +
        `docker login ${registry.host} stores them there`,
    );
  });

  it("says how a failing helper failed, and that a missing one is not on PATH", async () => {
    const broken = pullPolicy(`${registry.host}/policies/helper:v1`, { env: useConfig({ credsStore: "broken" }) });
    await expect(broken).rejects.toThrow(
      `none were sent; the credential helper docker-credential-broken (credsStore in ${join(dir, "config.json")}) failed: ` +
        "`docker-credential-broken get` exited with 3: gpg: decryption failed: No secret key",
    );
    const missing = pullPolicy(`${registry.host}/policies/helper:v1`, { env: useConfig({ credsStore: "absent" }) });
    await expect(missing).rejects.toThrow("the credential helper docker-credential-absent (credsStore in");
    await expect(missing).rejects.toThrow("is not installed or not on PATH");
  });

  it("refuses an identity token, which only Docker's OAuth login can use", async () => {
    await expect(pullPolicy(`${registry.host}/policies/helper:v1`, { env: useConfig({ credsStore: "token" }) })).rejects.toThrow(
      /docker-credential-token \(credsStore in .*\) holds an identity token for .*, which only Docker's OAuth login can use/,
    );
  });

  it("is not run for a registry that asks for no credentials", async () => {
    const open = await startRegistry();
    try {
      const env = useConfig({ credsStore: "broken" });
      await expect(pushPolicy(testModule(), `${open.host}/policies/open:v1`, { env })).resolves.toBeDefined();
      expect(asked("broken")).not.toContain(open.host);
    } finally {
      await open.stop();
    }
  });

  it("gives the CLI its credentials too", async () => {
    const env = { ...process.env, ...useConfig({ credsStore: "good" }) };
    delete env.WARDENKIT_REGISTRY_USER;
    const out = join(dir, "pulled.wasm");
    const pulled = await runWardenkit(["pull", `registry://${registry.host}/policies/helper:v1`, "--output-file", out], { env });
    expect(pulled.code, pulled.stderr).toBe(0);
  });
});

describe("credentials in a reference", () => {
  it("are refused and the password is never shown", async () => {
    const reference = `registry://${USER.username}:${USER.password}@${registry.host}/policies/helper:v1`;
    const env = { ...process.env, DOCKER_CONFIG: dir };
    for (const args of [["pull", reference, "--output-file", join(dir, "x.wasm")], ["inspect", reference], ["push", join(dir, "x.wasm"), reference]]) {
      writeFileSync(join(dir, "x.wasm"), testModule());
      const run = await runWardenkit(args, { env });
      expect(run.code).toBe(1);
      expect(run.stdout + run.stderr).not.toContain(USER.password);
      expect(run.stderr.trim()).toBe(
        `wardenkit ${args[0]}: invalid registry reference 'registry://${USER.username}:***@${registry.host}/policies/helper:v1': ` +
          "credentials do not belong in a reference; set WARDENKIT_REGISTRY_USER and WARDENKIT_REGISTRY_PASSWORD or use docker login",
      );
    }
  });
});
