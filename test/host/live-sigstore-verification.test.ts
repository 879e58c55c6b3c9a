// oci/v1/verify and oci/v2/verify answered live, on the real distribution registry, with
// images signed by the real cosign (2.x, no transparency log: none is reachable here) and by
// src/signing: policy-evaluator's answers and wording, a failed verification an error of the
// host call; then trusted-images requiring a cosign signature and pinning the tag, run live
// with its session recorded, and again offline from that session.
import { generateKeyPairSync, type KeyObject } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LiveExternalSource } from "../../src/host/live/live-external-source.ts";
import { pushPolicy } from "../../src/oci/push.ts";
import { publicKeyPem } from "../../src/signing/key-pair.ts";
import { signImage } from "../../src/signing/sign-image.ts";
import { PROJECT } from "../support/project.ts";
import { startRegistry, type RunningRegistry } from "../support/registry.ts";
import { runWardenkit } from "../support/run-command.ts";
import { cosign, cosignSign } from "../support/cosign.ts";

const newKey = (): KeyObject => generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey;

let registry: RunningRegistry;
let dir: string;
let signed: { image: string; digest: string };
let cosigned: { image: string; digest: string; publicKey: string };
let unsigned: string;
const trusted = newKey();
const other = newKey();
const live = new LiveExternalSource({ cacheTtlMs: 0 });

beforeAll(async () => {
  registry = await startRegistry();
  dir = mkdtempSync(join(tmpdir(), "wardenkit-live-verify-"));
  const module = readFileSync(join(PROJECT.folders.dist, "required-labels.wasm"));
  const image = `${registry.host}/example/app:1.4.2`;
  const pushed = await pushPolicy(module, `registry://${image}`);
  await signImage(`registry://${image}`, trusted, { annotations: { env: "prod" } });
  signed = { image, digest: pushed.digest };
  unsigned = `${registry.host}/example/unsigned:1.0`;
  await pushPolicy(module, `registry://${unsigned}`);
  cosigned = await cosignSigned(module, `${registry.host}/example/cosigned:2.0`);
});

/** Pushes `module` as `image` and signs it with a key pair the real cosign makes. */
async function cosignSigned(module: Uint8Array, image: string): Promise<{ image: string; digest: string; publicKey: string }> {
  const pushed = await pushPolicy(module, `registry://${image}`);
  const made = await cosign(["generate-key-pair"], { cwd: dir });
  if (made.code !== 0) throw new Error(`cosign generate-key-pair failed: ${made.stderr}`);
  const signedByCosign = await cosignSign(`${image}@${pushed.digest}`, join(dir, "cosign.key"));
  if (signedByCosign.code !== 0) throw new Error(`cosign sign failed: ${signedByCosign.stderr}`);
  return { image, digest: pushed.digest, publicKey: readFileSync(join(dir, "cosign.pub"), "utf8") };
}

afterAll(async () => {
  await registry?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const pubKeys = (image: string, keys: KeyObject[], annotations: Record<string, string> | null = null) =>
  live.sigstoreVerify({ type: "SigstorePubKeyVerify", image, pub_keys: keys.map(publicKeyPem), annotations });

describe("sigstore verification answered live", () => {
  it("answers a signature by the key with is_trusted and the digest it verified", async () => {
    expect(await pubKeys(signed.image, [trusted])).toEqual({ is_trusted: true, digest: signed.digest });
    expect(await pubKeys(signed.image, [trusted], { env: "prod" })).toEqual({ is_trusted: true, digest: signed.digest });
  });

  it("verifies what the real cosign signed, and only with its key", async () => {
    expect(await live.sigstoreVerify({ type: "SigstorePubKeyVerify", image: cosigned.image, pub_keys: [cosigned.publicKey], annotations: null }))
      .toEqual({ is_trusted: true, digest: cosigned.digest });
    await expect(live.sigstoreVerify({ type: "SigstorePubKeyVerify", image: cosigned.image, pub_keys: [publicKeyPem(trusted)] }))
      .rejects.toThrow("Image verification failed: missing signatures");
  });

  it("fails the call, in policy-evaluator's words, when a key or an annotation is not satisfied", async () => {
    await expect(pubKeys(signed.image, [other])).rejects.toThrow(/^Image verification failed: missing signatures\nThe following constraints were not satisfied:\n/);
    // Every key must have signed, as policy-evaluator puts them all in allOf.
    await expect(pubKeys(signed.image, [trusted, other])).rejects.toThrow("Image verification failed: missing signatures");
    await expect(pubKeys(signed.image, [trusted], { env: "dev" })).rejects.toThrow("Image verification failed: missing signatures");
  });

  it("says an image without a signature tag has no signatures, and refuses an empty request", async () => {
    await expect(pubKeys(unsigned, [trusted])).rejects.toThrow(`no signatures found for image: ${unsigned} `);
    await expect(pubKeys(signed.image, [])).rejects.toThrow("Must provide at least one pub key");
    await expect(live.sigstoreVerify({ type: "SigstoreGithubActionsVerify", image: signed.image, owner: "" })).rejects.toThrow("Must provide owner info");
  });

  it("discards keyless signatures without a trust root, as policy-server does without Fulcio data", async () => {
    const keyless = { type: "SigstoreKeylessVerify", image: signed.image, keyless: [{ issuer: "https://issuer.example", subject: "someone@example.com" }] };
    await expect(live.sigstoreVerify(keyless)).rejects.toThrow("Image verification failed: missing signatures");
  });
});

describe("trusted-images requiring a signature and pinning tags, live and replayed", () => {
  const settings = () => JSON.stringify({
    allowedRegistries: [registry.host], pinDigests: true,
    verifySignatures: { [`${registry.host}/example/*`]: { pubKeys: [cosigned.publicKey] } },
  });
  const pod = (image: string) => {
    const path = join(dir, `pod-${image.replace(/\W/g, "-")}.json`);
    writeFileSync(path, JSON.stringify({
      uid: "1", kind: { group: "", version: "v1", kind: "Pod" }, resource: { group: "", version: "v1", resource: "pods" },
      operation: "CREATE", namespace: "default", name: "app", userInfo: { username: "alice" },
      object: { apiVersion: "v1", kind: "Pod", metadata: { name: "app", namespace: "default" }, spec: { containers: [{ name: "app", image }] } },
    }));
    return path;
  };
  const runPolicy = (image: string, ...flags: string[]) =>
    runWardenkit(["run", "trusted-images", "-r", pod(image), "-s", settings(), ...flags]);
  const patchOf = (stdout: string) => JSON.parse(Buffer.from(JSON.parse(stdout).response.patch, "base64").toString());

  it("admits the image cosign signed, pinned to the verified digest, live and then from the recorded session", async () => {
    const session = join(dir, "signed.yml");
    const first = await runPolicy(cosigned.image, "--live", "--record-host-capabilities-interactions", session);
    expect(first.code, first.stderr).toBe(0);
    const pinned = [{ op: "replace", path: "/spec/containers/0/image", value: `${cosigned.image}@${cosigned.digest}` }];
    expect(patchOf(first.stdout)).toEqual(pinned);
    expect(readFileSync(session, "utf8")).toContain("!SigstorePubKeyVerify");

    const again = await runPolicy(cosigned.image, "--replay-host-capabilities-interactions", session);
    expect(again.code, again.stderr).toBe(0);
    expect(patchOf(again.stdout)).toEqual(pinned);
  });

  it("refuses the unsigned image with the host's reason, live and from the recorded session", async () => {
    const session = join(dir, "unsigned.yml");
    const message = `container app: image "${unsigned}" is not signed by a key verifySignatures.${registry.host}/example/* trusts: `;
    const first = await runPolicy(unsigned, "--live", "--record-host-capabilities-interactions", session);
    expect(first.code).toBe(1);
    expect(JSON.parse(first.stdout).response.status.message).toContain(message + "Callback evaluation failure: no signatures found for image:");
    const again = await runPolicy(unsigned, "--replay-host-capabilities-interactions", session);
    expect(JSON.parse(again.stdout).response.status.message).toBe(JSON.parse(first.stdout).response.status.message);
  });
});
