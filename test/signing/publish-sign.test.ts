// wardenkit publish --sign: every module pushed is signed before its manifest is written; a
// signing that fails stops the publish, exit 1, and nothing unsigned is reported as signed.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateKeyPair } from "../../src/signing/key-pair.ts";
import { cosignVerify } from "../support/cosign.ts";
import { builtModulePath, POLICY_NAMES } from "../support/policies.ts";
import { startRefusingProxy, type RefusingProxy } from "../support/refusing-proxy.ts";
import { startRegistry, type RunningRegistry } from "../support/registry.ts";
import { PROJECT } from "../support/project.ts";
import { runWardenkit } from "../support/run-command.ts";

const PASSWORD = "publish-pw";
let registry: RunningRegistry;
let proxy: RefusingProxy;
let work: string;
const FIRST = [...POLICY_NAMES].sort()[0];

function distWithPolicies(name: string): string {
  const dist = join(work, name);
  mkdirSync(dist);
  // publish checks each module's settings before writing its manifest, so these must be the real policies.
  // and --sign attests each module's SBOM, which build writes beside it.
  for (const policy of POLICY_NAMES) {
    copyFileSync(builtModulePath(policy), join(dist, `${policy}.wasm`));
    copyFileSync(builtModulePath(policy).replace(/\.wasm$/, ".spdx.json"), join(dist, `${policy}.spdx.json`));
  }
  return dist;
}

/** From the project, whose policies publish pushes; the key is named by its full path. */
const publish = (password: string, ...args: string[]) =>
  runWardenkit(["publish", ...args.map((a) => (a === "release.key" ? join(work, a) : a))], { env: { ...process.env, COSIGN_PASSWORD: password }, cwd: PROJECT.root });

beforeAll(async () => {
  registry = await startRegistry();
  proxy = await startRefusingProxy(registry.host, (method, path) => method === "PUT" && path.endsWith(".sig"));
  work = mkdtempSync(join(tmpdir(), "wardenkit-publish-sign-"));
  const pair = await generateKeyPair(PASSWORD);
  writeFileSync(join(work, "release.key"), pair.privateKey);
  writeFileSync(join(work, "release.pub"), pair.publicKey);
});
afterAll(async () => {
  await proxy?.stop();
  await registry?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe("wardenkit publish --sign", () => {
  it("signs every module it pushes, with the annotations given, as cosign verifies them", async () => {
    const dist = distWithPolicies("dist-ok");
    const run = await publish(PASSWORD, "--registry", `${registry.host}/signed`, "--dist", dist, "--sign", "--key", "release.key", "-a", "release=v1", "-o", "json");
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const published = JSON.parse(run.stdout) as { policy: string; reference: string; signatureTag: string }[];
    expect(published.map((p) => p.policy)).toEqual([...POLICY_NAMES].sort());
    for (const p of published) expect(p.signatureTag).toMatch(/^sha256-[0-9a-f]{64}\.sig$/);
    const first = published[0].reference.replace("registry://", "");
    expect((await cosignVerify(first, join(work, "release.pub"), { release: "v1" })).code).toBe(0);
    const verified = await runWardenkit(["verify", published.at(-1)!.reference, "--key", "release.pub", "-a", "release=v1"], { cwd: work });
    expect(verified.code).toBe(0);
  });

  it("stops at a module whose signing fails, says it was pushed but is not signed, and writes no manifest for it", async () => {
    const dist = distWithPolicies("dist-refused");
    const run = await publish(PASSWORD, "--registry", `${proxy.host}/refused`, "--dist", dist, "--sign", "--key", "release.key");
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(new RegExp(`publishing ${FIRST} failed: registry://${proxy.host}/refused/${FIRST}@sha256:[0-9a-f]{64} was pushed but is not signed: registry ${proxy.host} denied access`));
    expect(run.stdout).toBe("");
    expect(existsSync(join(dist, "manifests", `${FIRST}.yaml`))).toBe(false);
  });

  it("checks the key's password before pushing anything", async () => {
    const dist = distWithPolicies("dist-password");
    const run = await publish("wrong", "--registry", `${registry.host}/never`, "--dist", dist, "--sign", "--key", "release.key");
    expect([run.code, run.stderr.trim()]).toEqual([1, `wardenkit publish: cannot decrypt ${join(work, "release.key")}: the password is wrong (or the file was altered)`]);
    const tags = await fetch(`http://${registry.host}/v2/never/${FIRST}/tags/list`);
    expect(tags.status).toBe(404);
  });

  it("takes --key only with --sign", async () => {
    const run = await publish(PASSWORD, "--registry", `${registry.host}/x`, "--key", "release.key");
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--key, --identity-token and -a go with --sign");
  });
});
