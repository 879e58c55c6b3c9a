// Keyless SBOM attestations between wardenkit and the real cosign (2.6) on the real
// docker-registry: what wardenkit attaches with an identity token, `cosign verify-attestation
// --type spdxjson` accepts for the certificate's identity; a tampered envelope is refused; a
// Rekor that refuses leaves nothing attached. Fulcio and Rekor are imitations
// (test/support/sigstore-services.ts) standing in for the public instances, which cannot be
// reached here; cosign and wardenkit both trust them through the same trusted root file.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RepositoryClient } from "../../../src/oci/client.ts";
import { pushPolicy } from "../../../src/oci/push.ts";
import { parseReference } from "../../../src/oci/reference.ts";
import { attestImage, attestationTag } from "../../../src/signing/attest-image.ts";
import { SPDX_PREDICATE_TYPE } from "../../../src/signing/attestation.ts";
import { keylessEnvelopeSigner } from "../../../src/signing/keyless/keyless-envelope-signer.ts";
import type { TrustRoot } from "../../../src/signing/keyless/trust-root.ts";
import { BUNDLE_ANNOTATION, CERTIFICATE_ANNOTATION, CHAIN_ANNOTATION } from "../../../src/signing/signature-tag.ts";
import { cosign, cosignTrustEnv } from "../../support/cosign.ts";
import { identityToken, TEST_ISSUER } from "../../support/identity-token.ts";
import { builtModulePath } from "../../support/policies.ts";
import type { RunningRegistry } from "../../support/registry.ts";
import { runWardenkit } from "../../support/run-command.ts";
import { startRefusingProxy } from "../../support/refusing-proxy.ts";
import { tamperWithStatement } from "../../support/tamper-attestation.ts";
import { startSigstoreServices, type SigstoreServices, type TrustFiles } from "../../support/sigstore-services.ts";
import { startKeylessTestbed, type KeylessTestbed } from "../../support/keyless-testbed.ts";

const POLICY = "pod-density";
const SUBJECT = "https://ci.wardenkit.test/release";
const anonymous = { env: {} };
const registryFlags = ["--allow-insecure-registry", "--allow-http-registry"];

let registry: RunningRegistry;
let sigstore: SigstoreServices;
let files: TrustFiles;
let trustRoot: TrustRoot;
let dir: string;

let testbed: KeylessTestbed | undefined;

beforeAll(async () => {
  testbed = await startKeylessTestbed("wardenkit-keyless-attest-");
  ({ registry, sigstore, files, trustRoot, dir } = testbed);
});
afterAll(() => testbed?.stop());

const sbomFile = () => builtModulePath(POLICY).replace(/\.wasm$/, ".spdx.json");
const sbom = () => JSON.parse(readFileSync(sbomFile(), "utf8")) as unknown;

async function pushed(repository: string): Promise<string> {
  const result = await pushPolicy(readFileSync(builtModulePath(POLICY)), `${registry.host}/${repository}:v1`, anonymous);
  return `${registry.host}/${repository}@${result.digest}`;
}

const signer = (rekorUrl = sigstore.rekorUrl) =>
  keylessEnvelopeSigner({ identityToken: identityToken(SUBJECT, TEST_ISSUER), fulcioUrl: sigstore.fulcioUrl, rekorUrl, trustRoot });

const verifyAttestation = (reference: string, identity = SUBJECT) =>
  cosign(["verify-attestation", "--type", "spdxjson", ...registryFlags,
    "--certificate-identity", identity, "--certificate-oidc-issuer", TEST_ISSUER, reference], { env: { ...cosignTrustEnv(files), HOME: dir } });

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
    // Rekor's canonical dsse entry: the envelope's hash, which cosign compares with the layer's bytes.
    expect(body).toMatchObject({ kind: "dsse", apiVersion: "0.0.1", spec: { envelopeHash: { algorithm: "sha256", value: layer.digest.slice(7) } } });
    const verified = await verifyAttestation(reference);
    expect(verified.stderr).toContain("The cosign claims were validated");
    expect(verified.code).toBe(0);
    const envelope = JSON.parse(verified.stdout.trim().split("\n")[0]) as { payload: string };
    const statement = JSON.parse(Buffer.from(envelope.payload, "base64").toString("utf8"));
    expect(statement).toMatchObject({ predicateType: SPDX_PREDICATE_TYPE, subject: [{ digest: { sha256: attested.digest.slice(7) } }] });
    expect(statement.predicate).toEqual(sbom());
  });

  it("has the layer annotations and Rekor entry kind of cosign attest's own keyless attestation", async () => {
    const reference = await pushed("keyless-attest/beside-cosign");
    const predicate = join(dir, "beside-cosign.spdx.json");
    writeFileSync(predicate, JSON.stringify(sbom()));
    const cosignAttest = await cosign(["attest", "--type", "spdxjson", "--predicate", predicate, ...registryFlags, "--fulcio-url", sigstore.fulcioUrl,
      "--rekor-url", sigstore.rekorUrl, "--identity-token", identityToken(SUBJECT, TEST_ISSUER), reference], { env: { ...cosignTrustEnv(files), HOME: dir } });
    expect(cosignAttest.code, cosignAttest.stderr).toBe(0);
    await attestImage(`registry://${reference}`, SPDX_PREDICATE_TYPE, sbom(), signer(), anonymous);
    const [theirs, ours] = await attestationLayers(reference);
    expect(Object.keys(ours.annotations).sort()).toEqual(Object.keys(theirs.annotations).sort());
    const entry = (layer: typeof ours) => JSON.parse(Buffer.from(JSON.parse(layer.annotations[BUNDLE_ANNOTATION]).Payload.body, "base64").toString("utf8"));
    expect({ kind: entry(ours).kind, apiVersion: entry(ours).apiVersion }).toEqual({ kind: entry(theirs).kind, apiVersion: entry(theirs).apiVersion });
    expect((await verifyAttestation(reference)).stdout.trim().split("\n")).toHaveLength(2);
  });

  it("is refused by cosign for another identity", async () => {
    const reference = await pushed("keyless-attest/other-identity");
    await attestImage(`registry://${reference}`, SPDX_PREDICATE_TYPE, sbom(), signer(), anonymous);
    const verified = await verifyAttestation(reference, "https://ci.wardenkit.test/someone-else");
    expect(verified.code).not.toBe(0);
    expect(verified.stderr).toMatch(/none of the expected identities matched|no matching attestations/i);
  });
});

describe("a keyless attestation cosign must refuse", () => {
  it("is one whose statement was altered after signing", async () => {
    const reference = await pushed("keyless-attest/tampered");
    const attested = await attestImage(`registry://${reference}`, SPDX_PREDICATE_TYPE, sbom(), signer(), anonymous);
    expect((await verifyAttestation(reference)).code).toBe(0);
    await tamperWithStatement(registry.host, "keyless-attest/tampered", attested.attestationTag);
    const verified = await verifyAttestation(reference);
    expect(verified.code).not.toBe(0);
    expect(verified.stderr).toMatch(/no matching attestations|invalid signature|matching bundle to payload/i);
  });
});

describe("a Rekor that refuses the entry", () => {
  it("leaves the artifact without an .att tag, and wardenkit attest says why with exit code 1", async () => {
    const reference = await pushed("keyless-attest/rekor-refuses");
    const rekor = await startRefusingProxy(new URL(sigstore.url).host, (_method, path) => path.startsWith("/api/v1/log/entries"));
    try {
      const tokenFile = join(dir, "token");
      writeFileSync(tokenFile, identityToken(SUBJECT, TEST_ISSUER));
      const result = await runWardenkit(["attest", `registry://${reference}`, "--sbom", sbomFile(), "--identity-token", `@${tokenFile}`,
        "--fulcio-url", sigstore.fulcioUrl, "--rekor-url", `http://${rekor.host}`, "--trusted-root", files.trustedRoot, "--insecure"]);
      expect(result.stderr).toMatch(/keyless signing failed/);
      expect(result.code).toBe(1);
      expect(rekor.refused).toEqual(["/api/v1/log/entries"]);
      const tags = (await (await fetch(`http://${registry.host}/v2/keyless-attest/rekor-refuses/tags/list`)).json()) as { tags: string[] };
      expect(tags.tags.filter((t) => t.endsWith(".att"))).toEqual([]);
    } finally {
      await rekor.stop();
    }
  });
});

describe("wardenkit attest --identity-token", () => {
  it("attaches nothing when the attestation does not verify against the trusted root given", async () => {
    const reference = await pushed("keyless-attest/other-root");
    const other = await startSigstoreServices();
    try {
      const otherFiles = other.writeTrustFiles(mkdtempSync(join(dir, "other-root-")));
      const result = await runWardenkit(["attest", `registry://${reference}`, "--sbom", sbomFile(), "--identity-token", identityToken(SUBJECT, TEST_ISSUER),
        "--fulcio-url", sigstore.fulcioUrl, "--rekor-url", sigstore.rekorUrl, "--trusted-root", otherFiles.trustedRoot, "--insecure"]);
      expect(result.stderr).toMatch(/does not verify against the trusted root, so it is not stored/);
      expect(result.code).toBe(1);
      const tags = (await (await fetch(`http://${registry.host}/v2/keyless-attest/other-root/tags/list`)).json()) as { tags: string[] };
      expect(tags.tags.filter((t) => t.endsWith(".att"))).toEqual([]);
    } finally {
      await other.stop();
    }
  });


  it("attaches the SBOM keyless, and cosign verifies it for the token's identity", async () => {
    const reference = await pushed("keyless-attest/cli");
    const result = await runWardenkit(["attest", `registry://${reference}`, "--sbom", sbomFile(), "--identity-token", identityToken(SUBJECT, TEST_ISSUER),
      "--fulcio-url", sigstore.fulcioUrl, "--rekor-url", sigstore.rekorUrl, "--trusted-root", files.trustedRoot, "--insecure", "-o", "json"]);
    expect(result.stderr).toBe("");
    expect(JSON.parse(result.stdout)).toMatchObject({ attestations: 1, identity: { subject: SUBJECT, issuer: TEST_ISSUER } });
    expect((await verifyAttestation(reference)).code).toBe(0);
  });

  it("refuses --key with --identity-token as a command line that does not parse", async () => {
    const result = await runWardenkit(["attest", "registry://127.0.0.1:1/x:v1", "--sbom", sbomFile(), "--key", "cosign.key", "--identity-token", "a.b.c"]);
    expect(result.stderr).toMatch(/either --key <cosign.key> or --identity-token <token|@file>, not both/);
    expect(result.code).toBe(2);
  });
});
