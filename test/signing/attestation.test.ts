// SBOM attestations against the real cosign (2.x) on the real registry: what wardenkit
// attaches, `cosign verify-attestation --type spdxjson` accepts and `cosign download
// attestation` finds; an altered statement or another key's signature is refused.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateKeyPairSync, sign, type KeyObject } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pushPolicy } from "../../src/oci/push.ts";
import { attestImage, attestationTag } from "../../src/signing/attest-image.ts";
import { SPDX_PREDICATE_TYPE, keySigner, type PayloadSigner } from "../../src/signing/attestation.ts";
import { builtModulePath } from "../support/policies.ts";
import { runCommand, runWardenkit } from "../support/run-command.ts";
import { startRegistry, type RunningRegistry } from "../support/registry.ts";
import { cosignBinary } from "../support/cosign.ts";
import { tamperWithStatement } from "../support/tamper-attestation.ts";

const POLICY = "pod-density";
/** Where the statement starts inside the PAE: `DSSEv1 <len> <type> <len> {…`. */
const OPENING_BRACE = 0x7b;
const anonymous = { env: {} };
let registry: RunningRegistry;
let dir: string;
let cosign: string;

function keyPair(name: string): { key: KeyObject; publicKeyFile: string; signer: PayloadSigner } {
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
  const publicKeyFile = join(dir, `${name}.pub`);
  writeFileSync(publicKeyFile, publicKey.export({ format: "pem", type: "spki" }));
  return { key: privateKey, publicKeyFile, signer: keySigner(privateKey) };
}

const sbom = () => JSON.parse(readFileSync(builtModulePath(POLICY).replace(/\.wasm$/, ".spdx.json"), "utf8")) as { packages: { name: string; versionInfo: string }[] };

async function pushed(repository: string): Promise<string> {
  const result = await pushPolicy(readFileSync(builtModulePath(POLICY)), `${registry.host}/${repository}:v1`, anonymous);
  return `${registry.host}/${repository}@${result.digest}`;
}

const verifyAttestation = (reference: string, publicKeyFile: string) =>
  runCommand(cosign, ["verify-attestation", "--key", publicKeyFile, "--type", "spdxjson", "--insecure-ignore-tlog", "--allow-insecure-registry", reference], { env: { ...process.env, HOME: dir } });

beforeAll(async () => {
  cosign = await cosignBinary();
  dir = mkdtempSync(join(tmpdir(), "wardenkit-attest-"));
  registry = await startRegistry();
});
afterAll(async () => {
  await registry?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("an SBOM attestation attached by wardenkit", () => {
  it("is accepted by cosign verify-attestation --type spdxjson, which prints the statement with the SBOM", async () => {
    const reference = await pushed("attest/accepted");
    const { signer, publicKeyFile } = keyPair("accepted");
    const attested = await attestImage(reference, SPDX_PREDICATE_TYPE, sbom(), signer, anonymous);
    expect(attested.attestationTag).toBe(attestationTag(attested.digest));
    const verified = await verifyAttestation(reference, publicKeyFile);
    expect(verified.stderr).toContain("The cosign claims were validated");
    expect(verified.code).toBe(0);
    const envelope = JSON.parse(verified.stdout.trim().split("\n")[0]) as { payloadType: string; payload: string };
    const statement = JSON.parse(Buffer.from(envelope.payload, "base64").toString("utf8"));
    expect(statement).toMatchObject({ predicateType: SPDX_PREDICATE_TYPE, subject: [{ name: `${registry.host}/attest/accepted`, digest: { sha256: attested.digest.slice(7) } }] });
    expect(statement.predicate).toEqual(sbom());
  });

  it("is found by cosign download attestation, and a second one is appended beside the first", async () => {
    const reference = await pushed("attest/download");
    const first = keyPair("first");
    const second = keyPair("second");
    await attestImage(reference, SPDX_PREDICATE_TYPE, sbom(), first.signer, anonymous);
    const attested = await attestImage(reference, SPDX_PREDICATE_TYPE, sbom(), second.signer, anonymous);
    expect(attested.attestations).toBe(2);
    const downloaded = await runCommand(cosign, ["download", "attestation", "--predicate-type", "spdxjson", "--allow-insecure-registry", reference], { env: { ...process.env, HOME: dir } });
    expect(downloaded.code).toBe(0);
    expect(downloaded.stdout.trim().split("\n")).toHaveLength(2);
    for (const key of [first, second]) expect((await verifyAttestation(reference, key.publicKeyFile)).code).toBe(0);
  });

  it("is appended to an attestation cosign attached, which cosign still verifies", async () => {
    const reference = await pushed("attest/after-cosign");
    const env = { ...process.env, HOME: dir, COSIGN_PASSWORD: "" };
    const keyDir = mkdtempSync(join(dir, "cosign-key-"));
    expect((await runCommand(cosign, ["generate-key-pair"], { cwd: keyDir, env })).code).toBe(0);
    const predicate = join(dir, "sbom.json");
    writeFileSync(predicate, JSON.stringify(sbom()));
    const cosignAttest = await runCommand(cosign, ["attest", "--yes", "--key", join(keyDir, "cosign.key"), "--type", "spdxjson", "--predicate", predicate, "--tlog-upload=false", "--allow-insecure-registry", reference], { env });
    expect(cosignAttest.code, cosignAttest.stderr).toBe(0);
    const ours = keyPair("after-cosign");
    expect((await attestImage(reference, SPDX_PREDICATE_TYPE, sbom(), ours.signer, anonymous)).attestations).toBe(2);
    expect((await verifyAttestation(reference, join(keyDir, "cosign.pub"))).code).toBe(0);
    expect((await verifyAttestation(reference, ours.publicKeyFile)).code).toBe(0);
  });
});

describe("an attestation cosign must refuse", () => {
  it("is one signed by another key", async () => {
    const reference = await pushed("attest/other-key");
    await attestImage(reference, SPDX_PREDICATE_TYPE, sbom(), keyPair("signer").signer, anonymous);
    const verified = await verifyAttestation(reference, keyPair("stranger").publicKeyFile);
    expect(verified.code).not.toBe(0);
    expect(verified.stderr).toMatch(/no matching attestations|invalid signature/i);
  });

  it("is one whose statement was altered after signing", async () => {
    const reference = await pushed("attest/tampered");
    const { signer, publicKeyFile } = keyPair("tampered");
    const attested = await attestImage(reference, SPDX_PREDICATE_TYPE, sbom(), signer, anonymous);
    await tamperWithStatement(registry.host, "attest/tampered", attested.attestationTag);
    const verified = await verifyAttestation(reference, publicKeyFile);
    expect(verified.code).not.toBe(0);
    expect(verified.stderr).toMatch(/no matching attestations|invalid signature/i);
  });

  it("is one whose signature covers the payload alone instead of its DSSE pre-authentication encoding", async () => {
    const reference = await pushed("attest/no-pae");
    const { key, publicKeyFile } = keyPair("no-pae");
    // A signer that ignores the PAE it is handed and signs the bare statement: what a writer without DSSE would do.
    const bare: PayloadSigner = { sign: async (pae) => ({ signature: sign("sha256", pae.subarray(pae.indexOf(OPENING_BRACE)), key) }) };
    await attestImage(reference, SPDX_PREDICATE_TYPE, sbom(), bare, anonymous);
    expect((await verifyAttestation(reference, publicKeyFile)).code).not.toBe(0);
  });
});

describe("wardenkit attest", () => {
  let keyDir: string;
  const sbomFile = () => builtModulePath(POLICY).replace(/\.wasm$/, ".spdx.json");
  const attestTags = async (repository: string) => ((await (await fetch(`http://${registry.host}/v2/${repository}/tags/list`)).json()) as { tags: string[] }).tags.filter((t) => t.endsWith(".att"));
  beforeAll(async () => {
    keyDir = mkdtempSync(join(dir, "wardenkit-attest-key-"));
    const made = await runCommand(cosign, ["generate-key-pair"], { cwd: keyDir, env: { ...process.env, HOME: dir, COSIGN_PASSWORD: "s3cret" } });
    expect(made.code, made.stderr).toBe(0);
  });

  it("signs with a key cosign generate-key-pair made, and cosign verifies the attestation with its public key", async () => {
    const reference = await pushed("attest/cli");
    const result = await runWardenkit(["attest", reference, "--sbom", sbomFile(), "--key", join(keyDir, "cosign.key"), "-o", "json"], { env: { ...process.env, COSIGN_PASSWORD: "s3cret" } });
    expect(result.stderr).toBe("");
    expect(JSON.parse(result.stdout)).toMatchObject({ attestations: 1, attestationTag: expect.stringMatching(/^sha256-[a-f0-9]{64}\.att$/) });
    expect((await verifyAttestation(reference, join(keyDir, "cosign.pub"))).code).toBe(0);
  });

  it("refuses the SBOM of another module, and writes nothing", async () => {
    const reference = await pushed("attest/other-module");
    const other = join(dir, "other.spdx.json");
    const document = JSON.parse(readFileSync(sbomFile(), "utf8"));
    document.packages[0].checksums[0].checksumValue = "0".repeat(64);
    writeFileSync(other, JSON.stringify(document));
    const result = await runWardenkit(["attest", reference, "--sbom", other, "--key", join(keyDir, "cosign.key")], { env: { ...process.env, COSIGN_PASSWORD: "s3cret" } });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`the SBOM ${other} describes the module sha256:${"0".repeat(64)}, but ${reference} holds the module sha256:`);
    expect(await attestTags("attest/other-module")).toEqual([]);
  });

  it("says what is wrong with a wrong password, a missing one, and a file that is not an SPDX document", async () => {
    const reference = await pushed("attest/bad-input");
    const key = join(keyDir, "cosign.key");
    const wrong = await runWardenkit(["attest", reference, "--sbom", sbomFile(), "--key", key], { env: { ...process.env, COSIGN_PASSWORD: "guess" } });
    expect([wrong.code, wrong.stderr.trim()]).toEqual([1, `wardenkit attest: cannot decrypt ${key}: the password is wrong (or the file was altered)`]);
    const env = { ...process.env };
    delete env.COSIGN_PASSWORD;
    const missing = await runWardenkit(["attest", reference, "--sbom", sbomFile(), "--key", key], { env });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("no password was given: set COSIGN_PASSWORD");
    const notSpdx = await runWardenkit(["attest", reference, "--sbom", join(keyDir, "cosign.pub"), "--key", key], { env: { ...process.env, COSIGN_PASSWORD: "s3cret" } });
    expect([notSpdx.code, notSpdx.stderr]).toEqual([1, expect.stringContaining(`the SBOM ${join(keyDir, "cosign.pub")} is not JSON`)]);
    expect(await attestTags("attest/bad-input")).toEqual([]);
  });
});

