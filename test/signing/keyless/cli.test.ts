// `wardenkit sign --identity-token`, `verify --certificate-identity` and `publish --sign` keyless,
// as a user runs them, against the real registry and cosign. Fulcio and Rekor are imitations
// (test/support/sigstore-services.ts) standing in for the public instances, which cannot be
// reached here.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pushPolicy } from "../../../src/oci/push.ts";
import { cosign, cosignTrustEnv } from "../../support/cosign.ts";
import { githubActionsToken, identityToken, TEST_ISSUER } from "../../support/identity-token.ts";
import { builtModulePath, POLICY_NAMES } from "../../support/policies.ts";
import { startRegistry, type RunningRegistry } from "../../support/registry.ts";
import { anonymousWardenkit } from "../../support/run-command.ts";
import { startSigstoreServices, type SigstoreServices, type TrustFiles } from "../../support/sigstore-services.ts";
import { testModule } from "../../support/wasm.ts";

const SUBJECT = "https://ci.wardenkit.test/release";
const REGISTRY_FLAGS = ["--allow-insecure-registry", "--allow-http-registry"];

let registry: RunningRegistry;
let sigstore: SigstoreServices;
let work: string;
let files: TrustFiles;
let pushed = 0;
const wardenkit = anonymousWardenkit(() => work);

beforeAll(async () => {
  [registry, sigstore] = await Promise.all([startRegistry(), startSigstoreServices()]);
  work = mkdtempSync(join(tmpdir(), "wardenkit-keyless-cli-"));
  files = sigstore.writeTrustFiles(work);
});
afterAll(async () => {
  await Promise.all([registry?.stop(), sigstore?.stop()]);
  if (work) rmSync(work, { recursive: true, force: true });
});

async function pushModule(name: string): Promise<string> {
  const result = await pushPolicy(testModule({ padding: 8, seed: ++pushed }), `registry://${registry.host}/keyless/${name}:v1`, { env: {} });
  return result.tagged;
}

function tokenFile(token: string): string {
  const file = join(work, `token-${++pushed}`);
  writeFileSync(file, token);
  return `@${file}`;
}

const keylessSign = (reference: string, token: string, ...more: string[]) =>
  wardenkit("sign", reference, "--identity-token", tokenFile(token), "--fulcio-url", sigstore.fulcioUrl, "--rekor-url", sigstore.rekorUrl, "--insecure", ...more);
const keylessVerify = (reference: string, subject: string, ...more: string[]) =>
  wardenkit("verify", reference, "--certificate-identity", subject, "--certificate-oidc-issuer", TEST_ISSUER, "--insecure", ...more);

describe("wardenkit sign --identity-token", () => {
  it("signs keyless, prints the certified identity, and cosign verifies it with the same trusted root", async () => {
    const reference = await pushModule("sign");
    const signed = await keylessSign(reference, identityToken(SUBJECT, TEST_ISSUER), "--trusted-root", files.trustedRoot, "-a", "team=blue");
    expect(signed.stderr).toBe("");
    expect(signed.code).toBe(0);
    expect(signed.stdout).toMatch(new RegExp(`@sha256:[0-9a-f]{64}: signed keyless as ${SUBJECT} \\(issuer ${TEST_ISSUER}\\); signature 1 in sha256-[0-9a-f]{64}\\.sig`));
    const image = reference.replace("registry://", "");
    const accepted = await cosign(["verify", ...REGISTRY_FLAGS, "--trusted-root", files.trustedRoot, "--certificate-identity", SUBJECT,
      "--certificate-oidc-issuer", TEST_ISSUER, "-a", "team=blue", image]);
    expect(accepted.code).toBe(0);
    const verified = await keylessVerify(reference, SUBJECT, "--trusted-root", files.clientTrustConfig, "-a", "team=blue");
    expect(verified.stderr).toBe("");
    expect(verified.stdout).toContain(`satisfied: --certificate-identity (genericIssuer ${TEST_ISSUER}, subject ${SUBJECT}, annotations team=blue)`);
  });

  it("refuses a token that is not a JWT, both --key and a token, and a Fulcio that cannot be reached, leaving no signature", async () => {
    const reference = await pushModule("sign-refused");
    const notJwt = await wardenkit("sign", reference, "--identity-token", "not-a-token", "--insecure");
    expect(notJwt.code).toBe(1);
    expect(notJwt.stderr.trim()).toBe("wardenkit sign: the identity token given is not a JWT (three base64url parts separated by dots)");
    const both = await wardenkit("sign", reference, "--identity-token", "a.b.c", "--key", "cosign.key", "--insecure");
    expect(both.code).toBe(2);
    expect(both.stderr).toContain("give either --key <cosign.key> or --identity-token <token|@file>, not both");
    const unreachable = await wardenkit("sign", reference, "--identity-token", tokenFile(identityToken(SUBJECT, TEST_ISSUER)),
      "--fulcio-url", "http://127.0.0.1:1", "--rekor-url", sigstore.rekorUrl, "--insecure");
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toMatch(/^wardenkit sign: keyless signing failed: /);
    const unsigned = await keylessVerify(reference, SUBJECT, "--trusted-root", files.trustedRoot);
    expect(unsigned.code).toBe(1);
    expect(unsigned.stderr).toContain("no signatures found (no tag sha256-");
  });
});

describe("wardenkit verify --certificate-identity", () => {
  it("verifies cosign's keyless signature, and refuses another identity, another trust root, no trust root, an expired certificate", async () => {
    const reference = await pushModule("verify");
    const image = reference.replace("registry://", "");
    const signed = await cosign(["sign", "--yes", ...REGISTRY_FLAGS, "--fulcio-url", sigstore.fulcioUrl, "--rekor-url", sigstore.rekorUrl,
      "--identity-token", identityToken(SUBJECT, TEST_ISSUER), "--trusted-root", files.trustedRoot, image]);
    expect(signed.code).toBe(0);

    const verified = await keylessVerify(reference, SUBJECT, "--trusted-root", files.trustedRoot, "-o", "json");
    expect(verified.code).toBe(0);
    expect(JSON.parse(verified.stdout)).toMatchObject({ signatures: 1, reference: expect.stringMatching(/@sha256:/) });

    const wrong = await keylessVerify(reference, "https://ci.wardenkit.test/other", "--trusted-root", files.trustedRoot);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain(`--certificate-identity (genericIssuer ${TEST_ISSUER}, subject https://ci.wardenkit.test/other) is not satisfied`);

    const noRoot = await keylessVerify(reference, SUBJECT);
    expect(noRoot.code).toBe(1);
    expect(noRoot.stderr).toContain("cannot be honoured");

    const elsewhere = await startSigstoreServices();
    const otherDir = join(work, "other-root");
    mkdirSync(otherDir);
    try {
      const untrusted = await keylessVerify(reference, SUBJECT, "--trusted-root", elsewhere.writeTrustFiles(otherDir).trustedRoot);
      expect(untrusted.code).toBe(1);
      expect(untrusted.stderr).toContain("keyless signatures not trusted: signature sha256:");
      expect(untrusted.stderr).toContain("the certificate does not chain to a Fulcio CA of the trusted root");
    } finally {
      await elsewhere.stop();
    }

    const halfFlags = await wardenkit("verify", reference, "--certificate-identity", SUBJECT, "--insecure");
    expect(halfFlags.code).toBe(2);
    expect(halfFlags.stderr).toContain("--certificate-identity and --certificate-oidc-issuer go together");
  });

  it("refuses a certificate that had expired when Rekor logged the signature", async () => {
    const stale = await startSigstoreServices({ certificateClock: new Date(Date.now() - 60 * 60 * 1000) });
    const staleDir = join(work, "stale-root");
    mkdirSync(staleDir);
    try {
      const staleFiles = stale.writeTrustFiles(staleDir);
      const reference = await pushModule("expired");
      const signed = await wardenkit("sign", reference, "--identity-token", tokenFile(identityToken(SUBJECT, TEST_ISSUER)),
        "--fulcio-url", stale.fulcioUrl, "--rekor-url", stale.rekorUrl, "--insecure");
      expect(signed.code).toBe(0);
      const expired = await keylessVerify(reference, SUBJECT, "--trusted-root", staleFiles.trustedRoot);
      expect(expired.code).toBe(1);
      expect(expired.stderr).toContain("certificate is not valid or expired at the specified date");
      const signedVerified = await wardenkit("sign", reference, "--identity-token", tokenFile(identityToken(SUBJECT, TEST_ISSUER)),
        "--fulcio-url", stale.fulcioUrl, "--rekor-url", stale.rekorUrl, "--trusted-root", staleFiles.trustedRoot, "--insecure");
      expect(signedVerified.code).toBe(1);
      expect(signedVerified.stderr).toContain("keyless signing produced a signature that does not verify against the trusted root, so it is not stored");
    } finally {
      await stale.stop();
    }
  });

  it("judges a verification config's githubAction rule", async () => {
    const reference = await pushModule("github");
    expect((await keylessSign(reference, githubActionsToken("acme", "policies"))).code).toBe(0);
    const config = join(work, "verification-config.yml");
    writeFileSync(config, "apiVersion: v1\nallOf:\n  - kind: githubAction\n    owner: acme\n    repo: policies\n");
    const verified = await wardenkit("verify", reference, "--verification-config", config, "--trusted-root", files.trustedRoot, "--insecure");
    expect(verified.stderr).toBe("");
    expect(verified.stdout).toContain("satisfied: allOf[0] (githubAction acme/policies, line 3)");
    writeFileSync(config, "apiVersion: v1\nallOf:\n  - kind: githubAction\n    owner: acme\n    repo: other\n");
    const refused = await wardenkit("verify", reference, "--verification-config", config, "--trusted-root", files.trustedRoot, "--insecure");
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("allOf[0] (githubAction acme/other, line 3) is not satisfied");
  });
});

describe("wardenkit publish --sign --identity-token", () => {
  it("pushes and signs keyless each policy and attests its SBOM, which cosign then verifies", async () => {
    const dist = join(work, "dist");
    mkdirSync(dist);
    for (const name of POLICY_NAMES) {
      copyFileSync(builtModulePath(name), join(dist, `${name}.wasm`));
      copyFileSync(builtModulePath(name).replace(/\.wasm$/, ".spdx.json"), join(dist, `${name}.spdx.json`));
    }
    const run = await wardenkit("publish", "--registry", `${registry.host}/published`, "--dist", dist, "--insecure", "--sign",
      "--identity-token", tokenFile(identityToken(SUBJECT, TEST_ISSUER)), "--fulcio-url", sigstore.fulcioUrl, "--rekor-url", sigstore.rekorUrl,
      "--trusted-root", files.trustedRoot, "-o", "json");
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const published: { reference: string; signatureTag?: string; attestationTag?: string }[] = JSON.parse(run.stdout);
    expect(published).toHaveLength(POLICY_NAMES.length);
    for (const policy of published) {
      expect(policy.signatureTag).toMatch(/^sha256-[0-9a-f]{64}\.sig$/);
      expect(policy.attestationTag).toBe(policy.signatureTag?.replace(/\.sig$/, ".att"));
    }
    const identity = ["--certificate-identity", SUBJECT, "--certificate-oidc-issuer", TEST_ISSUER, published[0].reference.replace("registry://", "")];
    const accepted = await cosign(["verify", ...REGISTRY_FLAGS, "--trusted-root", files.trustedRoot, ...identity]);
    expect(accepted.code).toBe(0);
    const attestation = await cosign(["verify-attestation", "--type", "spdxjson", ...REGISTRY_FLAGS, ...identity], { env: { ...cosignTrustEnv(files), HOME: work } });
    expect(attestation.stderr).toContain("The cosign claims were validated");
    expect(attestation.code).toBe(0);
  });
});
