// `publish --sign --key` and SBOMs: every module pushed, signed and its SBOM attested, which
// the real cosign verifies (`cosign verify`, `cosign verify-attestation --type spdxjson`) with
// the key pair cosign made; a missing SBOM stops publish before it pushes.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { copyFileSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PROJECT } from "../support/project.ts";
import { POLICY_NAMES } from "../support/policies.ts";
import { runCommand, runWardenkit } from "../support/run-command.ts";
import { startRegistry, type RunningRegistry } from "../support/registry.ts";
import { cosignBinary } from "../support/cosign.ts";

let registry: RunningRegistry;
let dir: string;
let dist: string;
let cosign: string;
const PASSWORD = "publish-s3cret";
const cosignEnv = () => ({ ...process.env, HOME: dir, COSIGN_PASSWORD: PASSWORD });

/** The project's modules and SBOMs in a folder of their own, so publish writes its manifests there. */
function distCopy(withSboms = true): string {
  const copy = mkdtempSync(join(dir, "dist-"));
  for (const file of readdirSync(PROJECT.folders.dist).filter((f) => f.endsWith(".wasm") || (withSboms && f.endsWith(".spdx.json")))) {
    copyFileSync(join(PROJECT.folders.dist, file), join(copy, file));
  }
  return copy;
}

const repositories = async () => ((await (await fetch(`http://${registry.host}/v2/_catalog`)).json()) as { repositories: string[] }).repositories;

beforeAll(async () => {
  cosign = await cosignBinary();
  dir = mkdtempSync(join(tmpdir(), "wardenkit-publish-sign-"));
  expect((await runCommand(cosign, ["generate-key-pair"], { cwd: dir, env: cosignEnv() })).code).toBe(0);
  dist = distCopy();
  registry = await startRegistry();
});
afterAll(async () => {
  await registry?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("publish --sign and SBOMs", () => {
  it("signs every pushed module and attests its SBOM, both verified by cosign with its public key", async () => {
    const result = await runWardenkit(["publish", "--registry", `${registry.host}/signed`, "--dist", dist, "--sign", "--key", join(dir, "cosign.key"), "-o", "json"], { env: cosignEnv() });
    expect(result.stderr).toBe("");
    const published = JSON.parse(result.stdout) as { policy: string; reference: string; signatureTag: string; attestationTag: string }[];
    expect(published.map((p) => p.policy)).toEqual([...POLICY_NAMES].sort());
    for (const { reference, signatureTag, attestationTag } of published) {
      expect(signatureTag).toMatch(/^sha256-[a-f0-9]{64}\.sig$/);
      expect(attestationTag).toBe(signatureTag.replace(/\.sig$/, ".att"));
      const image = reference.replace("registry://", "");
      const common = ["--key", join(dir, "cosign.pub"), "--insecure-ignore-tlog", "--allow-insecure-registry", image];
      const signature = await runCommand(cosign, ["verify", ...common], { env: cosignEnv() });
      expect(signature.code, signature.stderr).toBe(0);
      const attestation = await runCommand(cosign, ["verify-attestation", "--type", "spdxjson", ...common], { env: cosignEnv() });
      expect(attestation.code, attestation.stderr).toBe(0);
    }
  });

  it("pushes nothing when a module has no SBOM", async () => {
    const bare = distCopy(false);
    const noSbom = await runWardenkit(["publish", "--registry", `${registry.host}/no-sbom`, "--dist", bare, "--sign", "--key", join(dir, "cosign.key")], { env: cosignEnv() });
    expect(noSbom.code).toBe(1);
    expect(noSbom.stderr).toContain("not found: wardenkit build writes each module's SBOM beside it, and publish --sign attests it");
    expect((await repositories()).filter((r) => r.startsWith("no-sbom/"))).toEqual([]);
  });
});
