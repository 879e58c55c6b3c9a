// verifyImage and wardenkit verify on the real registry: a verification config with allOf and
// anyOf judged on modules signed by no key, one key and two keys, and every kind of bad input.
import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RepositoryClient } from "../../src/oci/client.ts";
import { OCI_MANIFEST_MEDIA_TYPE } from "../../src/oci/media-types.ts";
import { parseReference } from "../../src/oci/reference.ts";
import { pushPolicy } from "../../src/oci/push.ts";
import { generateKeyPair, readPrivateKeyFile } from "../../src/signing/key-pair.ts";
import { signImage } from "../../src/signing/sign-image.ts";
import { signatureTag } from "../../src/signing/signature-tag.ts";
import { parseVerificationConfig } from "../../src/signing/verification-config.ts";
import { verifyImage } from "../../src/signing/verify-image.ts";
import { cosignVerify } from "../support/cosign.ts";
import { startRefusingProxy, type RefusingProxy } from "../support/refusing-proxy.ts";
import { startRegistry, type RunningRegistry } from "../support/registry.ts";
import { runWardenkit } from "../support/run-command.ts";
import { testModule } from "../support/wasm.ts";

const PASSWORD = "pw";
let registry: RunningRegistry;
let work: string;
let count = 0;
const keys: Record<string, { file: string; pub: string }> = {};

async function pushed(host = registry.host): Promise<{ image: string; digest: string }> {
  const result = await pushPolicy(testModule({ padding: 100 + ++count }), `${host}/verify/m${count}:v1`, { env: {} });
  return { image: result.tagged.replace("registry://", ""), digest: result.digest };
}

async function signedBy(...names: string[]): Promise<string> {
  const { image } = await pushed();
  for (const name of names) await signImage(image, await readPrivateKeyFile(keys[name].file, PASSWORD), { env: {} });
  return image;
}

const indent = (pem: string) => pem.trim().split("\n").map((l) => `      ${l}`).join("\n");
const pubKeyRule = (name: string, extra = "") => `  - kind: pubKey\n    owner: ${name}\n    key: |\n${indent(keys[name].pub)}\n${extra}`;
const wardenkit = (...args: string[]) => runWardenkit(args, { env: { ...process.env, COSIGN_PASSWORD: PASSWORD }, cwd: work });

beforeAll(async () => {
  registry = await startRegistry();
  work = mkdtempSync(join(tmpdir(), "wardenkit-verify-"));
  for (const name of ["alice", "bob", "carol"]) {
    const pair = await generateKeyPair(PASSWORD);
    writeFileSync(join(work, `${name}.key`), pair.privateKey);
    writeFileSync(join(work, `${name}.pub`), pair.publicKey);
    keys[name] = { file: join(work, `${name}.key`), pub: pair.publicKey };
  }
});
afterAll(async () => {
  await registry?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe("a verification config with allOf and anyOf", () => {
  const config = () => parseVerificationConfig(
    `apiVersion: v1\nallOf:\n${pubKeyRule("alice")}anyOf:\n  minimumMatches: 1\n  signatures:\n${pubKeyRule("bob").replace(/^(?=.)/gm, "  ")}${pubKeyRule("carol").replace(/^(?=.)/gm, "  ")}`,
    "team.yml",
  );

  it("refuses a module signed by no key, saying no signatures were found", async () => {
    const { image } = await pushed();
    await expect(verifyImage(image, config(), { env: {} })).rejects.toThrow(
      /is refused by team\.yml: allOf\[0\] \(pubKey of alice, line 3\) is not satisfied; anyOf needs 1 matching signature and 0 matched; not matched: anyOf\.signatures\[0\] \(pubKey of bob, line \d+\); anyOf\.signatures\[1\] \(pubKey of carol, line \d+\) \(no signatures found \(no tag sha256-[0-9a-f]{64}\.sig\)\)/,
    );
  });

  it("refuses a module signed by one key, naming the anyOf that fell short", async () => {
    const image = await signedBy("alice");
    await expect(verifyImage(image, config(), { env: {} })).rejects.toThrow(/anyOf needs 1 matching signature and 0 matched.*\(1 signature found in sha256-/);
    await expect(verifyImage(image, config(), { env: {} })).rejects.not.toThrow(/allOf\[0\]/);
  });

  it("accepts a module signed by two keys that satisfy both, and returns the digest verified", async () => {
    const image = await signedBy("alice", "carol");
    const verified = await verifyImage(image, config(), { env: {} });
    expect(verified.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(verified.reference).toBe(`registry://${parseReference(image).registry}/${parseReference(image).repository}@${verified.digest}`);
    expect(verified.satisfied.map((r) => r.split(" ")[0])).toEqual(["allOf[0]", "anyOf.signatures[1]"]);
  });

  it("counts minimumMatches: two of three keys needed", async () => {
    const twoOfThree = parseVerificationConfig(`apiVersion: v1\nanyOf:\n  minimumMatches: 2\n  signatures:\n${["alice", "bob", "carol"].map((n) => pubKeyRule(n).replace(/^(?=.)/gm, "  ")).join("")}`, "quorum.yml");
    await expect(verifyImage(await signedBy("bob"), twoOfThree, { env: {} })).rejects.toThrow("anyOf needs 2 matching signatures and 1 matched");
    expect((await verifyImage(await signedBy("bob", "alice"), twoOfThree, { env: {} })).satisfied).toHaveLength(2);
  });

  it("requires the annotations a rule names", async () => {
    const { image } = await pushed();
    await signImage(image, await readPrivateKeyFile(keys.alice.file, PASSWORD), { env: {}, annotations: { stage: "prod" } });
    const wants = (stage: string) => parseVerificationConfig(`apiVersion: v1\nallOf:\n${pubKeyRule("alice", `    annotations:\n      stage: ${stage}\n`)}`, "a.yml");
    expect((await verifyImage(image, wants("prod"), { env: {} })).signatures).toBe(1);
    await expect(verifyImage(image, wants("dev"), { env: {} })).rejects.toThrow("allOf[0] (pubKey of alice, annotations stage=dev, line 3) is not satisfied");
  });

  it("wardenkit verify --verification-config judges the same way, exit 0 or 1", async () => {
    writeFileSync(join(work, "team.yml"), `apiVersion: v1\nallOf:\n${pubKeyRule("alice")}`);
    expect((await wardenkit("verify", await signedBy("alice"), "--verification-config", "team.yml")).code).toBe(0);
    const refused = await wardenkit("verify", await signedBy("bob"), "--verification-config", "team.yml");
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("is refused by team.yml: allOf[0] (pubKey of alice, line 3) is not satisfied");
  });
});

describe("bad input is a clear error, exit 1", () => {
  it("a wrong password, or none", async () => {
    const { image } = await pushed();
    const wrong = await runWardenkit(["sign", image, "--key", "alice.key"], { env: { ...process.env, COSIGN_PASSWORD: "nope" }, cwd: work });
    expect([wrong.code, wrong.stderr.trim()]).toEqual([1, `wardenkit sign: cannot decrypt alice.key: the password is wrong (or the file was altered)`]);
    const { COSIGN_PASSWORD: _none, ...env } = process.env;
    const none = await runWardenkit(["sign", image, "--key", "alice.key"], { env, cwd: work });
    expect(none.code).toBe(1);
    expect(none.stderr).toContain("alice.key is an encrypted private key and no password was given: set COSIGN_PASSWORD");
  });

  it("a key of the wrong type", async () => {
    writeFileSync(join(work, "rsa.pub"), generateKeyPairSync("rsa", { modulusLength: 2048 }).publicKey.export({ format: "pem", type: "spki" }));
    const run = await wardenkit("verify", (await pushed()).image, "--key", "rsa.pub");
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("rsa.pub holds an RSA key; wardenkit signs and verifies with ECDSA P-256 keys");
  });

  it("a tampered signature, refused by wardenkit and cosign alike", async () => {
    const image = await signedBy("alice");
    const ref = parseReference(image);
    const client = new RepositoryClient(ref, "pull,push", { env: {} });
    const digest = (await client.getManifest(ref.tag, OCI_MANIFEST_MEDIA_TYPE)).digest;
    const tag = signatureTag(digest);
    const manifest = JSON.parse(new TextDecoder().decode((await client.getManifest(tag, OCI_MANIFEST_MEDIA_TYPE)).bytes));
    const signature: string = manifest.layers[0].annotations["dev.cosignproject.cosign/signature"];
    const flipped = signature.slice(0, 20) + (signature[20] === "A" ? "B" : "A") + signature.slice(21);
    manifest.layers[0].annotations["dev.cosignproject.cosign/signature"] = flipped;
    await client.putManifest(tag, new TextEncoder().encode(JSON.stringify(manifest)), OCI_MANIFEST_MEDIA_TYPE);
    const run = await wardenkit("verify", image, "--key", "alice.pub");
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("--key (pubKey of alice.pub) is not satisfied (1 signature found in");
    expect((await cosignVerify(image, join(work, "alice.pub"))).code).not.toBe(0);
  });

  it("a signature made for another digest", async () => {
    const signed = await signedBy("alice");
    const ref = parseReference(signed);
    const client = new RepositoryClient(ref, "pull,push", { env: {} });
    const signedDigest = (await client.getManifest(ref.tag, OCI_MANIFEST_MEDIA_TYPE)).digest;
    const other = await pushPolicy(testModule({ padding: 999 }), `${ref.registry}/${ref.repository}:other`, { env: {} });
    const sig = await client.getManifest(signatureTag(signedDigest), OCI_MANIFEST_MEDIA_TYPE);
    await client.putManifest(signatureTag(other.digest), sig.bytes, OCI_MANIFEST_MEDIA_TYPE);
    const run = await wardenkit("verify", other.tagged, "--key", "alice.pub");
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`0 signatures found in ${signatureTag(other.digest)}; 1 layer skipped: layer sha256:`);
    expect(run.stderr).toContain(`signs ${signedDigest}, another image`);
    expect((await cosignVerify(other.tagged.replace("registry://", ""), join(work, "alice.pub"))).code).not.toBe(0);
  });

  describe("a registry that refuses the signature tag", () => {
    let proxy: RefusingProxy;
    beforeAll(async () => {
      proxy = await startRefusingProxy(registry.host, (method, path) => method === "PUT" && /\/manifests\/sha256-[0-9a-f]{64}\.sig$/.test(path));
    });
    afterAll(() => proxy?.stop());

    it("fails the signing and leaves no signature", async () => {
      const { image, digest } = await pushed(proxy.host);
      const run = await wardenkit("sign", image, "--key", "alice.key");
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(`denied access to verify/m${count} (403)`);
      expect(proxy.refused).toContain(`/v2/verify/m${count}/manifests/${signatureTag(digest)}`);
      await expect(verifyImage(image, parseVerificationConfig(`apiVersion: v1\nallOf:\n${pubKeyRule("alice")}`, "a.yml"), { env: {} })).rejects.toThrow("no signatures found");
    });
  });

  it("a malformed verification config, named by line and field", async () => {
    writeFileSync(join(work, "bad.yml"), "apiVersion: v1\nallOf:\n  - kind: genericIssuer\n    issuer: https://x\n");
    const run = await wardenkit("verify", (await pushed()).image, "--verification-config", "bad.yml");
    expect([run.code, run.stderr.trim()]).toEqual([1, "wardenkit verify: bad.yml:3: allOf[0]: the field subject is missing (equal: or urlPrefix:)"]);
  });

  it("a keyless rule with no way to verify certificates: refused, never passed", async () => {
    writeFileSync(join(work, "keyless.yml"), "apiVersion: v1\nanyOf:\n  signatures:\n    - kind: githubAction\n      owner: acme\n" + pubKeyRule("alice").replace(/^(?=.)/gm, "  "));
    const run = await wardenkit("verify", await signedBy("alice"), "--verification-config", "keyless.yml");
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("keyless.yml cannot be honoured: anyOf.signatures[0] (githubAction acme, line 4) is a keyless rule");
  });

  it("a command line that does not parse exits 2", async () => {
    const { image } = await pushed();
    expect((await wardenkit("verify", image)).code).toBe(2);
    expect((await wardenkit("verify", image, "--key", "alice.pub", "--verification-config", "team.yml")).code).toBe(2);
    const badAnnotation = await wardenkit("sign", image, "--key", "alice.key", "-a", "no-equals");
    expect([badAnnotation.code, badAnnotation.stderr]).toEqual([2, expect.stringContaining("annotation 'no-equals' is not name=value")]);
    expect((await wardenkit("sign", image)).code).toBe(2);
    expect(readFileSync(join(work, "alice.pub"), "utf8")).toContain("PUBLIC KEY");
  });
});
