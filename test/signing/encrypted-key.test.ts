// cosign's encrypted private keys, written and read back; cosign's own keys are read in cosign-interop.test.ts.
import { generateKeyPairSync, sign, verify } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { decryptPrivateKey, encryptPrivateKey, LEGACY_PRIVATE_KEY_LABEL, PRIVATE_KEY_LABEL } from "../../src/signing/encrypted-key.ts";
import { generateKeyPair, parsePublicKey, readPrivateKeyFile } from "../../src/signing/key-pair.ts";
import { pemBlocks, toPem } from "../../src/signing/pem.ts";

const dir = mkdtempSync(join(tmpdir(), "wardenkit-keys-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function envelopeOf(pem: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(pemBlocks(pem)[0].der).toString("utf8"));
}

describe("cosign key files", () => {
  it("writes the envelope cosign writes and reads its own keys back with the password", async () => {
    const pair = await generateKeyPair("s3cret");
    expect(pair.privateKey.startsWith(`-----BEGIN ${PRIVATE_KEY_LABEL}-----\n`)).toBe(true);
    const envelope = envelopeOf(pair.privateKey);
    expect(envelope.kdf).toMatchObject({ name: "scrypt", params: { N: 65536, r: 8, p: 1 } });
    expect(envelope.cipher).toMatchObject({ name: "nacl/secretbox" });
    const file = join(dir, "own.key");
    writeFileSync(file, pair.privateKey);
    const key = await readPrivateKeyFile(file, "s3cret");
    const signature = sign("sha256", Buffer.from("payload"), key);
    expect(verify("sha256", Buffer.from("payload"), parsePublicKey(pair.publicKey, "own.pub"), signature)).toBe(true);
  });

  it("refuses a wrong password with a message saying so", async () => {
    const file = join(dir, "pw.key");
    writeFileSync(file, (await generateKeyPair("right")).privateKey);
    await expect(readPrivateKeyFile(file, "wrong")).rejects.toThrow(`cannot decrypt ${file}: the password is wrong`);
  });

  it("reads cosign 1.x's label, whose envelope is the same", async () => {
    const { privateKey } = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
    const current = await encryptPrivateKey(privateKey, "");
    const legacy = toPem(LEGACY_PRIVATE_KEY_LABEL, pemBlocks(current)[0].der);
    const key = await decryptPrivateKey(legacy, "", "old.key");
    expect(key.asymmetricKeyDetails?.namedCurve).toBe("prime256v1");
  });

  it("refuses keys other than ECDSA P-256, naming what they are", async () => {
    const file = join(dir, "rsa.key");
    writeFileSync(file, await encryptPrivateKey(generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey, "pw"));
    await expect(readPrivateKeyFile(file, "pw")).rejects.toThrow(`${file} holds an RSA key; wardenkit signs and verifies with ECDSA P-256 keys`);
    const p384 = generateKeyPairSync("ec", { namedCurve: "secp384r1" }).publicKey.export({ format: "pem", type: "spki" }).toString();
    expect(() => parsePublicKey(p384, "p384.pub")).toThrow("p384.pub holds an ECDSA secp384r1 key");
    const ed = generateKeyPairSync("ed25519").publicKey.export({ format: "pem", type: "spki" }).toString();
    expect(() => parsePublicKey(ed, "ed.pub")).toThrow("ed.pub holds an Ed25519 key");
  });

  it("says what is wrong with a file that is not a cosign key", async () => {
    await expect(decryptPrivateKey("hello", "", "x.key")).rejects.toThrow("x.key is not a PEM file holding an ENCRYPTED SIGSTORE PRIVATE KEY");
    const notJson = toPem(PRIVATE_KEY_LABEL, new TextEncoder().encode("garbage"));
    await expect(decryptPrivateKey(notJson, "", "x.key")).rejects.toThrow("its body is not the JSON envelope cosign writes");
    const greedy = toPem(PRIVATE_KEY_LABEL, new TextEncoder().encode(JSON.stringify({
      kdf: { name: "scrypt", params: { N: 1 << 30, r: 8, p: 1 }, salt: "" }, cipher: { name: "nacl/secretbox", nonce: "" }, ciphertext: "",
    })));
    await expect(decryptPrivateKey(greedy, "", "x.key")).rejects.toThrow("scrypt parameters N=1073741824, r=8, p=1 are out of bounds");
    const otherKdf = toPem(PRIVATE_KEY_LABEL, new TextEncoder().encode(JSON.stringify({ kdf: { name: "argon2" }, cipher: { name: "nacl/secretbox" } })));
    await expect(decryptPrivateKey(otherKdf, "", "x.key")).rejects.toThrow("x.key uses the key derivation argon2; cosign keys use scrypt");
    expect(() => parsePublicKey("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n", "bad.pub")).toThrow("bad.pub is not a PEM public key");
  });
});
