// Keyless signing and verification in wardenkit alone, against imitations of Fulcio and Rekor
// (test/support/sigstore-services.ts) standing in for the public instances, which cannot be
// reached here. cosign on either side is in cosign-interop.test.ts.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BUNDLE_ANNOTATION, CERTIFICATE_ANNOTATION, CHAIN_ANNOTATION, SIGNATURE_ANNOTATION } from "../../../src/signing/signature-tag.ts";
import { keylessIdentityMatches } from "../../../src/signing/rule-match.ts";
import { signKeyless } from "../../../src/signing/keyless/sign-keyless.ts";
import { parseTrustRoot, type TrustRoot } from "../../../src/signing/keyless/trust-root.ts";
import { verifyKeylessSignature } from "../../../src/signing/keyless/verify-keyless.ts";
import { githubActionsToken, identityToken, TEST_ISSUER } from "../../support/identity-token.ts";
import { startSigstoreServices, type SigstoreServices } from "../../support/sigstore-services.ts";

const payload = Buffer.from('{"critical":{"identity":{"docker-reference":"127.0.0.1:5000/policies/demo"},"image":{"docker-manifest-digest":"sha256:' + "a".repeat(64) + '"},"type":"cosign container image signature"},"optional":null}');
const subject = "https://ci.wardenkit.test/release";

let sigstore: SigstoreServices;
let trustRoot: TrustRoot;

beforeAll(async () => {
  sigstore = await startSigstoreServices();
  trustRoot = parseTrustRoot(sigstore.trustedRoot, "test trusted root");
});
afterAll(() => sigstore?.stop());

function sign(token = identityToken(subject, TEST_ISSUER)) {
  return signKeyless(payload, { identityToken: token, fulcioUrl: sigstore.fulcioUrl, rekorUrl: sigstore.rekorUrl, trustRoot });
}

describe("keyless signing", () => {
  it("writes cosign's annotations and verifies to the token's identity", async () => {
    const { annotations, identity } = await sign();
    expect(Object.keys(annotations).sort()).toEqual([SIGNATURE_ANNOTATION, BUNDLE_ANNOTATION, CERTIFICATE_ANNOTATION, CHAIN_ANNOTATION].sort());
    expect(annotations[CERTIFICATE_ANNOTATION]).toMatch(/^-----BEGIN CERTIFICATE-----/);
    expect(JSON.parse(annotations[BUNDLE_ANNOTATION])).toMatchObject({ Payload: { integratedTime: expect.any(Number), logID: expect.stringMatching(/^[0-9a-f]{64}$/) } });
    expect(identity).toMatchObject({ issuer: TEST_ISSUER, subject, subjectKind: "uri" });
    expect(verifyKeylessSignature({ payload, annotations }, trustRoot)).toMatchObject({ issuer: TEST_ISSUER, subject });
  });

  it("reads a GitHub Actions identity with its workflow repository", async () => {
    const { identity } = await sign(githubActionsToken("wardenkit", "policies"));
    expect(identity?.githubWorkflowRepository).toBe("wardenkit/policies");
    const github = (owner: string, repo?: string) => ({ kind: "githubAction" as const, path: "test", line: 0, owner, ...(repo ? { repo } : {}) });
    expect(keylessIdentityMatches(github("wardenkit", "policies"), identity!)).toBe(true);
    expect(keylessIdentityMatches(github("wardenkit"), identity!)).toBe(true);
    expect(keylessIdentityMatches(github("wardenkit", "other"), identity!)).toBe(false);
    expect(keylessIdentityMatches(github("someone"), identity!)).toBe(false);
  });
});

describe("keyless verification refuses", () => {
  it("a signature over another payload", async () => {
    const { annotations } = await sign();
    const other = Buffer.from(payload.toString().replace("a".repeat(64), "b".repeat(64)));
    expect(() => verifyKeylessSignature({ payload: other, annotations }, trustRoot)).toThrow(/^keyless signature rejected: the Rekor entry records another signature or payload digest/);
  });

  it("a tampered signed entry timestamp", async () => {
    const { annotations } = await sign();
    const bundle = JSON.parse(annotations[BUNDLE_ANNOTATION]);
    bundle.Payload.integratedTime += 1;
    expect(() => verifyKeylessSignature({ payload, annotations: { ...annotations, [BUNDLE_ANNOTATION]: JSON.stringify(bundle) } }, trustRoot))
      .toThrow(/^keyless signature rejected: Rekor's signed entry timestamp \(SET\) does not verify/);
  });

  it("a certificate from a CA the trust root does not hold", async () => {
    const { annotations } = await sign();
    const elsewhere = await startSigstoreServices();
    try {
      expect(() => verifyKeylessSignature({ payload, annotations }, parseTrustRoot(elsewhere.trustedRoot, "another root")))
        .toThrow(/^keyless signature rejected: the certificate does not chain to a Fulcio CA of the trusted root/);
    } finally {
      await elsewhere.stop();
    }
  });

  it("a certificate that had expired when Rekor logged the signature", async () => {
    const stale = await startSigstoreServices({ certificateClock: new Date(Date.now() - 60 * 60 * 1000) });
    try {
      const root = parseTrustRoot(stale.trustedRoot, "stale root");
      const { annotations } = await signKeyless(payload, { identityToken: identityToken(subject, TEST_ISSUER), fulcioUrl: stale.fulcioUrl, rekorUrl: stale.rekorUrl });
      expect(() => verifyKeylessSignature({ payload, annotations }, root)).toThrow(/^keyless signature rejected: .*expired/);
    } finally {
      await stale.stop();
    }
  });

  it("a Rekor entry that records another certificate for the same signature", async () => {
    const { annotations } = await sign();
    const other = (await sign(identityToken("https://someone.else/", TEST_ISSUER))).annotations[CERTIFICATE_ANNOTATION];
    const body = JSON.parse(Buffer.from(JSON.parse(annotations[BUNDLE_ANNOTATION]).Payload.body, "base64").toString());
    body.spec.signature.publicKey.content = Buffer.from(other).toString("base64");
    const logged = await (await fetch(`${sigstore.rekorUrl}/api/v1/log/entries`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) })).json();
    const entry = Object.values(logged)[0] as { body: string; integratedTime: number; logIndex: number; logID: string; verification: { signedEntryTimestamp: string } };
    const bundle = { SignedEntryTimestamp: entry.verification.signedEntryTimestamp, Payload: { body: entry.body, integratedTime: entry.integratedTime, logIndex: entry.logIndex, logID: entry.logID } };
    expect(() => verifyKeylessSignature({ payload, annotations: { ...annotations, [BUNDLE_ANNOTATION]: JSON.stringify(bundle) } }, trustRoot))
      .toThrow("keyless signature rejected: the Rekor entry records another certificate than the signature's");
  });

  it("a layer without a certificate or a bundle", async () => {
    const { annotations } = await sign();
    const { [BUNDLE_ANNOTATION]: _bundle, ...withoutBundle } = annotations;
    expect(() => verifyKeylessSignature({ payload, annotations: withoutBundle }, trustRoot)).toThrow(/carries no Rekor bundle/);
    expect(() => verifyKeylessSignature({ payload, annotations: { [SIGNATURE_ANNOTATION]: "x" } }, trustRoot)).toThrow(/carries no certificate/);
  });
});

describe("keyless signing refuses", () => {
  it("a token whose claims cannot be read, without showing the token", async () => {
    const token = `${Buffer.from('{"alg":"RS256"}').toString("base64url")}.bm90LWpzb24.c2ln`;
    const signing = signKeyless(payload, { identityToken: token, fulcioUrl: sigstore.fulcioUrl, rekorUrl: sigstore.rekorUrl });
    await expect(signing).rejects.toThrow(/^keyless signing failed: /);
    await expect(signing).rejects.not.toThrow(token);
  });
});
