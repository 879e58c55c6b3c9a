// Keyless signatures between wardenkit and the real cosign (2.x, the format policy-server
// verifies), on the real docker-registry. Fulcio and Rekor are imitations
// (test/support/sigstore-services.ts) standing in for the public instances, which cannot be
// reached here; cosign and wardenkit both trust them through the same trusted root file.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pushPolicy } from "../../../src/oci/push.ts";
import { keylessIdentityConfig } from "../../../src/signing/keyless/identity-config.ts";
import { keylessVerifier } from "../../../src/signing/keyless/keyless-verifier.ts";
import { signImageKeyless } from "../../../src/signing/keyless/sign-image-keyless.ts";
import type { TrustRoot } from "../../../src/signing/keyless/trust-root.ts";
import { parseVerificationConfig } from "../../../src/signing/verification-config.ts";
import { verifyImage } from "../../../src/signing/verify-image.ts";
import { RepositoryClient } from "../../../src/oci/client.ts";
import { parseReference } from "../../../src/oci/reference.ts";
import { readSignatures } from "../../../src/signing/read-signatures.ts";
import { BUNDLE_ANNOTATION } from "../../../src/signing/signature-tag.ts";
import { appendSignature } from "../../../src/signing/write-signature.ts";
import { signKeyless } from "../../../src/signing/keyless/sign-keyless.ts";
import { simpleSigningPayload } from "../../../src/signing/simple-signing.ts";
import { cosign } from "../../support/cosign.ts";
import { githubActionsToken, identityToken, TEST_ISSUER } from "../../support/identity-token.ts";
import type { RunningRegistry } from "../../support/registry.ts";
import type { SigstoreServices, TrustFiles } from "../../support/sigstore-services.ts";
import { testModule } from "../../support/wasm.ts";
import { startKeylessTestbed, type KeylessTestbed } from "../../support/keyless-testbed.ts";

const anonymous = { env: {} };
const SUBJECT = "https://ci.wardenkit.test/release";

let registry: RunningRegistry;
let sigstore: SigstoreServices;
let files: TrustFiles;
let trustRoot: TrustRoot;

let testbed: KeylessTestbed | undefined;

beforeAll(async () => {
  testbed = await startKeylessTestbed("wardenkit-keyless-");
  ({ registry, sigstore, files, trustRoot } = testbed);
});
afterAll(() => testbed?.stop());

let pushedModules = 0;

/** A module of its own (no two share a digest) pushed as policies/<name>:v1; its reference by digest. */
async function pushModule(name: string): Promise<string> {
  const pushed = await pushPolicy(testModule({ padding: 16, seed: ++pushedModules }), `registry://${registry.host}/policies/${name}:v1`, anonymous);
  return `${registry.host}/policies/${name}@${pushed.digest}`;
}

const registryFlags = ["--allow-insecure-registry", "--allow-http-registry"];

function cosignSign(image: string, token: string) {
  return cosign(["sign", "--yes", ...registryFlags, "--fulcio-url", sigstore.fulcioUrl, "--rekor-url", sigstore.rekorUrl,
    "--identity-token", token, "--trusted-root", files.trustedRoot, image]);
}

function cosignVerify(image: string, identity: string, issuer: string) {
  return cosign(["verify", ...registryFlags, "--trusted-root", files.trustedRoot,
    "--certificate-identity", identity, "--certificate-oidc-issuer", issuer, image]);
}

function signWithWardenkit(image: string, token: string) {
  return signImageKeyless(`registry://${image}`, { ...anonymous, identityToken: token, fulcioUrl: sigstore.fulcioUrl, rekorUrl: sigstore.rekorUrl, trustRoot });
}

describe("cosign signs keyless, wardenkit verifies", () => {
  it("accepts the signer's identity and names the rule another identity fails", async () => {
    const image = await pushModule("cosign-keyless");
    const signed = await cosignSign(image, identityToken(SUBJECT, TEST_ISSUER));
    expect(signed.stderr).toContain("Successfully verified SCT");
    expect(signed.code).toBe(0);
    const keyless = keylessVerifier(trustRoot);
    const verified = await verifyImage(`registry://${image}`, keylessIdentityConfig(SUBJECT, TEST_ISSUER), { ...anonymous, keyless });
    expect(verified.signatures).toBe(1);
    await expect(verifyImage(`registry://${image}`, keylessIdentityConfig("https://someone.else/", TEST_ISSUER), { ...anonymous, keyless }))
      .rejects.toThrow("--certificate-identity (genericIssuer https://oidc.wardenkit.test, subject https://someone.else/) is not satisfied");
  });
});

describe("wardenkit signs keyless, cosign verifies", () => {
  it("cosign verify accepts the identity and refuses another", async () => {
    const image = await pushModule("wardenkit-keyless");
    const signed = await signWithWardenkit(image, identityToken(SUBJECT, TEST_ISSUER));
    expect(signed.identity).toMatchObject({ issuer: TEST_ISSUER, subject: SUBJECT });
    const accepted = await cosignVerify(image, SUBJECT, TEST_ISSUER);
    expect(accepted.stderr).toContain("The code-signing certificate was verified using trusted certificate authority certificates");
    expect(accepted.code).toBe(0);
    const refused = await cosignVerify(image, "https://someone.else/", TEST_ISSUER);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/none of the expected identities matched/);
  });

  it("cosign accepts a GitHub Actions identity wardenkit signed with", async () => {
    const image = await pushModule("wardenkit-github");
    await signWithWardenkit(image, githubActionsToken("wardenkit", "policies"));
    const subject = "https://github.com/wardenkit/policies/.github/workflows/release.yml@refs/tags/v1.0.0";
    const accepted = await cosign(["verify", ...registryFlags, "--trusted-root", files.trustedRoot,
      "--certificate-identity", subject, "--certificate-oidc-issuer", "https://token.actions.githubusercontent.com",
      "--certificate-github-workflow-repository", "wardenkit/policies", image]);
    expect(accepted.stderr).toContain("The cosign claims were validated");
    expect(accepted.code).toBe(0);
  });
});

describe("verification configs with keyless rules", () => {
  const config = (text: string) => parseVerificationConfig(text, "verification-config.yml");
  const rules = `apiVersion: v1
allOf:
  - kind: githubAction
    owner: wardenkit
    repo: policies
anyOf:
  minimumMatches: 1
  signatures:
    - kind: genericIssuer
      issuer: ${TEST_ISSUER}
      subject:
        urlPrefix: https://ci.wardenkit.test
    - kind: genericIssuer
      issuer: ${TEST_ISSUER}
      subject:
        equal: release@wardenkit.test
`;

  it("judges images signed by zero, one and two identities, one signature by cosign", async () => {
    const keyless = keylessVerifier(trustRoot);
    const [none, one, two] = await Promise.all([pushModule("config-none"), pushModule("config-one"), pushModule("config-two")]);
    await signWithWardenkit(one, githubActionsToken("wardenkit", "policies"));
    await signWithWardenkit(two, githubActionsToken("wardenkit", "policies"));
    expect((await cosignSign(two, identityToken(SUBJECT, TEST_ISSUER))).code).toBe(0);

    await expect(verifyImage(`registry://${none}`, config(rules), { ...anonymous, keyless })).rejects.toThrow(/no signatures found/);
    await expect(verifyImage(`registry://${one}`, config(rules), { ...anonymous, keyless }))
      .rejects.toThrow(/anyOf needs 1 matching signature and 0 matched/);
    const verified = await verifyImage(`registry://${two}`, config(rules), { ...anonymous, keyless });
    expect(verified.signatures).toBe(2);
    expect(verified.satisfied).toHaveLength(2);
  });

  it("refuses a keyless config without a trust root, before reading the registry", async () => {
    await expect(verifyImage(`registry://${registry.host}/policies/absent:v1`, config(rules), anonymous)).rejects.toThrow(/cannot be honoured/);
  });

  it("a signature by another repository's workflow does not satisfy githubAction", async () => {
    const keyless = keylessVerifier(trustRoot);
    const image = await pushModule("config-other-repo");
    await signWithWardenkit(image, githubActionsToken("wardenkit", "forked"));
    await expect(verifyImage(`registry://${image}`, config(rules), { ...anonymous, keyless })).rejects.toThrow(/allOf\[0\] \(githubAction wardenkit\/policies.*is not satisfied/);
  });
});

describe("bad keyless signatures in the registry", () => {
  const identity = () => keylessIdentityConfig(SUBJECT, TEST_ISSUER);

  async function cosignSignatureOf(image: string) {
    const client = new RepositoryClient(parseReference(`registry://${image}`), "pull,push", anonymous);
    const digest = image.slice(image.indexOf("@") + 1);
    return { client, digest, signature: (await readSignatures(client, digest)).signatures[0] };
  }

  it("refuses a signature whose Rekor SET was altered, saying why", async () => {
    const target = await pushModule("bad-set");
    const { client, digest } = await cosignSignatureOf(target);
    const payload = simpleSigningPayload(`${registry.host}/policies/bad-set`, digest);
    const { annotations } = await signKeyless(payload, { identityToken: identityToken(SUBJECT, TEST_ISSUER), fulcioUrl: sigstore.fulcioUrl, rekorUrl: sigstore.rekorUrl });
    const bundle = JSON.parse(annotations[BUNDLE_ANNOTATION]);
    bundle.Payload.logIndex += 1;
    await appendSignature(client, digest, { payload, annotations: { ...annotations, [BUNDLE_ANNOTATION]: JSON.stringify(bundle) } });
    await expect(verifyImage(`registry://${target}`, identity(), { ...anonymous, keyless: keylessVerifier(trustRoot) }))
      .rejects.toThrow(/keyless signatures not trusted: signature sha256:[0-9a-f]{64}: keyless signature rejected: Rekor's signed entry timestamp \(SET\) does not verify/);
    expect((await cosignVerify(target, SUBJECT, TEST_ISSUER)).code).not.toBe(0);
  });

  it("refuses a valid signature of another image copied to this one", async () => {
    const signedImage = await pushModule("copied-source");
    expect((await cosignSign(signedImage, identityToken(SUBJECT, TEST_ISSUER))).code).toBe(0);
    const { signature } = await cosignSignatureOf(signedImage);
    const target = await pushModule("copied-target");
    const { client, digest } = await cosignSignatureOf(target);
    await appendSignature(client, digest, { payload: signature.payload, annotations: signature.annotations });
    await expect(verifyImage(`registry://${target}`, identity(), { ...anonymous, keyless: keylessVerifier(trustRoot) }))
      .rejects.toThrow(`signs ${signature.simpleSigning.manifestDigest}, another image`);
    expect((await cosignVerify(target, SUBJECT, TEST_ISSUER)).code).not.toBe(0);
  });
});
