// oci/v2/verify's keyless requests answered live against a Sigstore trust root: an image
// signed keyless (an imitation Fulcio and Rekor, test/support/sigstore-services.ts, stand in
// for the public ones, which cannot be reached here) on the real distribution registry,
// verified by exact subject, URL prefix and GitHub Actions owner; without a trust root the
// signature is discarded, as policy-server discards it without Fulcio data. And the same trust
// root given to a command that fetches modules under a verification config with keyless rules.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LiveExternalSource } from "../../src/host/live/live-external-source.ts";
import { pushPolicy } from "../../src/oci/push.ts";
import { signImageKeyless } from "../../src/signing/keyless/sign-image-keyless.ts";
import { readTrustRoot } from "../../src/signing/keyless/trust-root.ts";
import { githubActionsToken, GITHUB_ACTIONS_ISSUER, identityToken, TEST_ISSUER } from "../support/identity-token.ts";
import { startRegistry, type RunningRegistry } from "../support/registry.ts";
import { startSigstoreServices, type SigstoreServices } from "../support/sigstore-services.ts";
import { testModule } from "../support/wasm.ts";
import { runWardenkit } from "../support/run-command.ts";

const SUBJECT = "https://ci.wardenkit.test/release";
let registry: RunningRegistry;
let sigstore: SigstoreServices;
let dir: string;
let trustedRoot: string;
let byCi: { image: string; digest: string };
let byGithub: string;

async function signedKeyless(name: string, token: string): Promise<{ image: string; digest: string }> {
  const image = `${registry.host}/policies/${name}:v1`;
  const pushed = await pushPolicy(testModule(), `registry://${image}`);
  await signImageKeyless(`registry://${image}`, { identityToken: token, fulcioUrl: sigstore.fulcioUrl, rekorUrl: sigstore.rekorUrl, trustRoot: readTrustRoot(trustedRoot) });
  return { image, digest: pushed.digest };
}

beforeAll(async () => {
  [registry, sigstore] = await Promise.all([startRegistry(), startSigstoreServices()]);
  dir = mkdtempSync(join(tmpdir(), "wardenkit-live-keyless-"));
  trustedRoot = sigstore.writeTrustFiles(dir).trustedRoot;
  byCi = await signedKeyless("by-ci", identityToken(SUBJECT, TEST_ISSUER));
  byGithub = (await signedKeyless("by-github", githubActionsToken("wardenkit", "policies"))).image;
});

afterAll(async () => {
  await Promise.all([registry?.stop(), sigstore?.stop()]);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("keyless sigstore verification answered live", () => {
  const live = () => new LiveExternalSource({ trustedRoot, cacheTtlMs: 0 });

  it("verifies the signer by exact subject and by URL prefix, with the digest it verified", async () => {
    expect(await live().sigstoreVerify({ type: "SigstoreKeylessVerify", image: byCi.image, keyless: [{ issuer: TEST_ISSUER, subject: SUBJECT }] }))
      .toEqual({ is_trusted: true, digest: byCi.digest });
    expect(await live().sigstoreVerify({ type: "SigstoreKeylessPrefixVerify", image: byCi.image, keyless_prefix: [{ issuer: TEST_ISSUER, url_prefix: "https://ci.wardenkit.test" }] }))
      .toEqual({ is_trusted: true, digest: byCi.digest });
  });

  it("fails the call for another subject, issuer or prefix", async () => {
    const missing = "Image verification failed: missing signatures";
    await expect(live().sigstoreVerify({ type: "SigstoreKeylessVerify", image: byCi.image, keyless: [{ issuer: TEST_ISSUER, subject: "https://someone.else/" }] })).rejects.toThrow(missing);
    await expect(live().sigstoreVerify({ type: "SigstoreKeylessVerify", image: byCi.image, keyless: [{ issuer: GITHUB_ACTIONS_ISSUER, subject: SUBJECT }] })).rejects.toThrow(missing);
    // The prefix ends at a path boundary, as policy-fetcher makes it: ci.wardenkit.test/rel does not cover /release.
    await expect(live().sigstoreVerify({ type: "SigstoreKeylessPrefixVerify", image: byCi.image, keyless_prefix: [{ issuer: TEST_ISSUER, url_prefix: "https://ci.wardenkit.test/rel" }] })).rejects.toThrow(missing);
  });

  it("verifies a GitHub Actions signer by owner and repository", async () => {
    expect(await live().sigstoreVerify({ type: "SigstoreGithubActionsVerify", image: byGithub, owner: "wardenkit", repo: "policies" })).toMatchObject({ is_trusted: true });
    await expect(live().sigstoreVerify({ type: "SigstoreGithubActionsVerify", image: byGithub, owner: "wardenkit", repo: "other" })).rejects.toThrow("Image verification failed: missing signatures");
  });

  it("discards keyless signatures without a trust root", async () => {
    await expect(new LiveExternalSource({ cacheTtlMs: 0 }).sigstoreVerify({ type: "SigstoreKeylessVerify", image: byCi.image, keyless: [{ issuer: TEST_ISSUER, subject: SUBJECT }] }))
      .rejects.toThrow("Image verification failed: missing signatures");
  });
});

describe("--verification-config with keyless rules", () => {
  it("pulls a module signed by the identity with --trusted-root, and refuses to judge it without one", async () => {
    const config = join(dir, "verification-config.yml");
    writeFileSync(config, `apiVersion: v1\nallOf:\n  - kind: genericIssuer\n    issuer: ${TEST_ISSUER}\n    subject:\n      equal: ${SUBJECT}\n`);
    const env = { ...process.env, WARDENKIT_CACHE_DIR: join(dir, "cache") };
    const pull = (file: string, ...flags: string[]) =>
      runWardenkit(["pull", `registry://${byCi.image}`, "--output-file", join(dir, file), "--verification-config", config, ...flags], { env });
    const ok = await pull("ci.wasm", "--trusted-root", trustedRoot);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain(`@${byCi.digest} -> `);
    const refused = await pull("unjudged.wasm");
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("cannot be honoured: allOf[0] (genericIssuer https://oidc.wardenkit.test, subject https://ci.wardenkit.test/release, line 3) is a keyless rule");
    expect(existsSync(join(dir, "unjudged.wasm"))).toBe(false);
  });
});
