// The push, pull, inspect and publish commands, run as a user runs them.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sha256Digest } from "../../src/kubewarden/digest.ts";
import { PROJECT } from "../support/project.ts";
import { startRegistry, type RunningRegistry } from "../support/registry.ts";
import { TEST_ANNOTATIONS, testModule } from "../support/wasm.ts";
import { builtModulePath, POLICY_NAMES } from "../support/policies.ts";
import { anonymousWardenkit } from "../support/run-command.ts";


let registry: RunningRegistry;
let work: string;
beforeAll(async () => {
  registry = await startRegistry();
  work = mkdtempSync(join(tmpdir(), "wardenkit-cli-"));
});
afterAll(async () => {
  await registry?.stop();
  rmSync(work, { recursive: true, force: true });
});

/** The CLI without the developer's registry credentials. */
const wardenkit = anonymousWardenkit(() => work);

describe("wardenkit push / pull / inspect", () => {
  it("pushes a file, pulls it back and inspects both", async () => {
    const wasm = testModule();
    const file = join(work, "policy.wasm");
    writeFileSync(file, wasm);

    const pushed = await wardenkit("push", file, `registry://${registry.host}/policies/cli:v1`, "-o", "json");
    expect(pushed.code).toBe(0);
    const result = JSON.parse(pushed.stdout);
    expect(result).toMatchObject({ size: wasm.length, layerDigest: sha256Digest(wasm) });
    expect(result.reference).toBe(`registry://${registry.host}/policies/cli@${result.digest}`);

    const out = join(work, "pulled.wasm");
    const pulled = await wardenkit("pull", `registry://${registry.host}/policies/cli:v1`, "--output-file", out);
    expect(pulled.code).toBe(0);
    expect(new Uint8Array(readFileSync(out))).toEqual(wasm);

    const local = JSON.parse((await wardenkit("inspect", out, "-o", "json")).stdout);
    expect(local).toMatchObject({ source: out, digest: sha256Digest(wasm), size: wasm.length });
    const remote = await wardenkit("inspect", `registry://${registry.host}/policies/cli:v1`);
    expect(remote.stdout).toContain(`manifest:         ${result.digest}`);
    expect(remote.stdout).toContain(TEST_ANNOTATIONS["io.kubewarden.policy.usage"].trim());
  });

  it("prints one-line errors without a stack", async () => {
    const missing = await wardenkit("pull", `${registry.host}/policies/absent:v1`, "--output-file", join(work, "x.wasm"));
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim()).toBe(`wardenkit pull: repository policies/absent not found on registry ${registry.host} (404)`);
    const usage = await wardenkit("push", "only-one-argument");
    expect(usage.code).toBe(2);
    expect(usage.stderr.trim()).toBe("wardenkit push: missing <reference>; usage: wardenkit push <module> <reference> [options]");
  });
});

describe("wardenkit publish", () => {
  it("pushes the project's policies as <prefix>/<policy>:v<version>, and no other module of the dist folder", async () => {
    const dist = join(work, "dist");
    mkdirSync(dist);
    // publish checks each module's settings before writing its manifest, so these must be the real policies.
    for (const name of POLICY_NAMES) copyFileSync(builtModulePath(name), join(dist, `${name}.wasm`));
    copyFileSync(builtModulePath("required-labels"), join(dist, "scratch-experiment.wasm"));
    const run = await wardenkit("publish", "--registry", `${registry.host}/team`, "--dist", dist, "-o", "json");
    expect(run.stderr).toBe("");
    const published = JSON.parse(run.stdout);
    const version = PROJECT.version;
    expect(published.map((p: { tagged: string }) => p.tagged)).toEqual(
      [...POLICY_NAMES].sort().map((name) => `registry://${registry.host}/team/${name}:v${version}`),
    );
  });
});
