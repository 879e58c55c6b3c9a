// Keyless SBOM attestations between wardenkit and the real cosign (2.6) on the real
// docker-registry: what wardenkit attaches with an identity token, `cosign verify-attestation
// --type spdxjson` accepts for the certificate's identity; a tampered envelope is refused; a
// Rekor that refuses leaves nothing attached. Fulcio and Rekor are imitations
// (test/support/sigstore-services.ts) standing in for the public instances, which cannot be
// reached here; cosign and wardenkit both trust them through the same trusted root file.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RepositoryClient } from "../../../src/oci/client.ts";
import { pushPolicy } from "../../../src/oci/push.ts";
import { parseReference } from "../../../src/oci/reference.ts";
import { attestImage, attestationTag } from "../../../src/signing/attest-image.ts";
import { SPDX_PREDICATE_TYPE } from "../../../src/signing/attestation.ts";
import { keylessEnvelopeSigner } from "../../../src/signing/keyless/keyless-envelope-signer.ts";
import { readTrustRoot, type TrustRoot } from "../../../src/signing/keyless/trust-root.ts";
import { BUNDLE_ANNOTATION, CERTIFICATE_ANNOTATION, CHAIN_ANNOTATION } from "../../../src/signing/signature-tag.ts";
import { cosign } from "../../support/cosign.ts";
import { identityToken, TEST_ISSUER } from "../../support/identity-token.ts";
import { builtModulePath } from "../../support/policies.ts";
import { startRegistry, type RunningRegistry } from "../../support/registry.ts";
import { runWardenkit } from "../../support/run-command.ts";
import { startSigstoreServices, type SigstoreServices, type TrustFiles } from "../../support/sigstore-services.ts";

const POLICY = "pod-density";
const SUBJECT = "https://ci.wardenkit.test/release";
const anonymous = { env: {} };
const registryFlags = ["--allow-insecure-registry", "--allow-http-registry"];

let registry: RunningRegistry;
let sigstore: SigstoreServices;
let files: TrustFiles;
let trustRoot: TrustRoot;
let dir: string;

beforeAll(async () => {
  [registry, sigstore] = await Promise.all([startRegistry(), startSigstoreServices()]);
  dir = mkdtempSync(join(tmpdir(), "wardenkit-keyless-attest-"));
  files = sigstore.writeTrustFiles(dir);
  trustRoot = readTrustRoot(files.trustedRoot);
});
afterAll(async () => {
  await Promise.all([registry?.stop(), sigstore?.stop()]);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const sbomFile = () => builtModulePath(POLICY).replace(/\.wasm$/, ".spdx.json");
const sbom = () => JSON.parse(readFileSync(sbomFile(), "utf8")) as unknown;

async function pushed(repository: string): Promise<string> {
  const result = await pushPolicy(readFileSync(builtModulePath(POLICY)), `${registry.host}/${repository}:v1`, anonymous);
  return `${registry.host}/${repository}@${result.digest}`;
}

const signer = (rekorUrl = sigstore.rekorUrl) =>
  keylessEnvelopeSigner({ identityToken: identityToken(SUBJECT, TEST_ISSUER), fulcioUrl: sigstore.fulcioUrl, rekorUrl, trustRoot });

/**
 * `cosign verify-attestation` of a keyless attestation in cosign's `.att` format: cosign 2.6
 * takes --trusted-root only with --new-bundle-format, so the same trust root is handed to it
 * through its environment variables, one key or certificate each.
 */
const verifyAttestation = (reference: string, identity = SUBJECT) =>
  cosign(["verify-attestation", "--type", "spdxjson", ...registryFlags,
    "--certificate-identity", identity, "--certificate-oidc-issuer", TEST_ISSUER, reference], {
    env: { SIGSTORE_ROOT_FILE: files.fulcioRoot, SIGSTORE_REKOR_PUBLIC_KEY: files.rekorPublicKey, SIGSTORE_CT_LOG_PUBLIC_KEY_FILE: files.ctLogPublicKey, HOME: dir },
  });

/** The layers of the `.att` manifest, as the registry holds them. */
async function attestationLayers(reference: string): Promise<{ digest: string; annotations: Record<string, string> }[]> {
  const ref = parseReference(`registry://${reference}`);
  const client = new RepositoryClient(ref, "pull", anonymous);
  const digest = reference.split("@")[1];
  const manifest = await client.getManifest(attestationTag(digest), "application/vnd.oci.image.manifest.v1+json");
  return (JSON.parse(new TextDecoder().decode(manifest.bytes)) as { layers: { digest: string; annotations: Record<string, string> }[] }).layers;
}

describe("a keyless SBOM attestation attached by wardenkit", () => {
  it("is accepted by cosign verify-attestation for the certificate's identity, with the SBOM as its predicate", async () => {
    const reference = await pushed("keyless-attest/accepted");
    const attested = await attestImage(`registry://${reference}`, SPDX_PREDICATE_TYPE, sbom(), signer(), anonymous);
    const [layer] = await attestationLayers(reference);
    expect(Object.keys(layer.annotations)).toEqual(expect.arrayContaining([CERTIFICATE_ANNOTATION, CHAIN_ANNOTATION, BUNDLE_ANNOTATION, "predicateType"]));
    const body = JSON.parse(Buffer.from(JSON.parse(layer.annotations[BUNDLE_ANNOTATION]).Payload.body, "base64").toString("utf8"));
    expect(body).toMatchObject({ kind: "dsse", apiVersion: "0.0.1" });
    const verified = await verifyAttestation(reference);
    expect(verified.stderr).toContain("The cosign claims were validated");
    expect(verified.code).toBe(0);
    const envelope = JSON.parse(verified.stdout.trim().split("\n")[0]) as { payload: string };
    const statement = JSON.parse(Buffer.from(envelope.payload, "base64").toString("utf8"));
    expect(statement).toMatchObject({ predicateType: SPDX_PREDICATE_TYPE, subject: [{ digest: { sha256: attested.digest.slice(7) } }] });
    expect(statement.predicate).toEqual(sbom());
  });

  it("is refused by cosign for another identity", async () => {
    const reference = await pushed("keyless-attest/other-identity");
    await attestImage(`registry://${reference}`, SPDX_PREDICATE_TYPE, sbom(), signer(), anonymous);
    const verified = await verifyAttestation(reference, "https://ci.wardenkit.test/someone-else");
    expect(verified.code).not.toBe(0);
    expect(verified.stderr).toMatch(/none of the expected identities matched|no matching attestations/i);
  });
});
