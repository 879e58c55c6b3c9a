// SigstoreCertificateVerify answered live, on the real distribution registry: a code-signing
// certificate made here with openssl (its CA and another CA beside it), its key signing an
// image through src/signing and through the real cosign (the key imported with
// `cosign import-key-pair`), once without a transparency log and once logged in the test
// Sigstore's Rekor (an imitation: test/support/sigstore-services.ts), whose bundle it checks.
// policy-evaluator's answer and wording: `{is_trusted: true, digest}` or an error of the call,
// asked of the live source directly and through the SDK's verifyCertificate in a guest.
import { execFileSync } from "node:child_process";
import { createPrivateKey } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PolicyEvaluator } from "../../src/host/evaluator.ts";
import { LiveExternalSource } from "../../src/host/live/live-external-source.ts";
import { wrapObject } from "../../src/host/wrap-object.ts";
import { pushPolicy } from "../../src/oci/push.ts";
import { signImage } from "../../src/signing/sign-image.ts";
import { startLiveSources } from "../../src/serve/live-sources-thread.ts";
import { cosign, cosignSign } from "../support/cosign.ts";
import { compileGuestModule } from "../support/guest-modules.ts";
import { PROJECT } from "../support/project.ts";
import { startRegistry, type RunningRegistry } from "../support/registry.ts";
import { startSigstoreServices, type SigstoreServices } from "../support/sigstore-services.ts";

const CODE_SIGNING = ["-addext", "keyUsage=critical,digitalSignature", "-addext", "extendedKeyUsage=codeSigning", "-addext", "subjectAltName=email:signer@example.com"];

let registry: RunningRegistry;
let sigstore: SigstoreServices;
let trustedRoot: string;
let dir: string;
const images: Record<string, { image: string; digest: string }> = {};
const live = new LiveExternalSource({ cacheTtlMs: 0 });

const openssl = (args: string[]) => execFileSync("openssl", args, { cwd: dir, stdio: "pipe" });
const file = (name: string) => readFileSync(join(dir, name), "utf8");

/** A self-signed CA `name`.crt with its key `name`.key. */
function makeCa(name: string): void {
  openssl(["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", `${name}.key`, "-out", `${name}.crt`,
    "-days", "30", "-subj", `/CN=${name}`, "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign"]);
}

/** A certificate `name`.crt for a new key `name`.key, issued by `ca`, with `extensions` (requested, then copied by the CA). */
function makeLeaf(name: string, ca: string, extensions: string[]): void {
  openssl(["req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", `${name}.key`, "-out", `${name}.csr`,
    "-subj", `/CN=${name}`, ...extensions]);
  openssl(["x509", "-req", "-in", `${name}.csr`, "-CA", `${ca}.crt`, "-CAkey", `${ca}.key`, "-CAcreateserial", "-days", "7", "-out", `${name}.crt`,
    "-copy_extensions", "copyall"]);
}

const bytesOf = (pem: string) => [...Buffer.from(pem)];

beforeAll(async () => {
  [registry, sigstore] = await Promise.all([startRegistry(), startSigstoreServices()]);
  dir = mkdtempSync(join(tmpdir(), "wardenkit-live-certificate-"));
  trustedRoot = sigstore.writeTrustFiles(dir).trustedRoot;
  makeCa("ca");
  makeCa("other-ca");
  makeLeaf("signer", "ca", CODE_SIGNING);
  makeLeaf("stranger", "ca", CODE_SIGNING);
  makeLeaf("plain", "ca", ["-addext", "subjectAltName=email:plain@example.com"]);
  const module = readFileSync(join(PROJECT.folders.dist, "required-labels.wasm"));
  const push = async (name: string) => {
    const image = `${registry.host}/example/${name}:1.0`;
    images[name] = { image, digest: (await pushPolicy(module, `registry://${image}`)).digest };
  };
  await push("signed");
  await signImage(`registry://${images.signed.image}`, createPrivateKey(file("signer.key")), { annotations: { env: "prod" } });
  await push("cosigned");
  const imported = await cosign(["import-key-pair", "--key", join(dir, "signer.key"), "--output-key-prefix", "imported"], { cwd: dir });
  if (imported.code !== 0) throw new Error(`cosign import-key-pair failed: ${imported.stderr}`);
  const signed = await cosignSign(`${images.cosigned.image}@${images.cosigned.digest}`, join(dir, "imported.key"));
  if (signed.code !== 0) throw new Error(`cosign sign failed: ${signed.stderr}`);
  await push("logged");
  const logged = await cosign(["sign", "--key", join(dir, "imported.key"), "--yes", "--allow-http-registry", "--allow-insecure-registry",
    "--rekor-url", sigstore.rekorUrl, "--trusted-root", trustedRoot, `${images.logged.image}@${images.logged.digest}`]);
  if (logged.code !== 0) throw new Error(`cosign sign with the transparency log failed: ${logged.stderr}`);
});

afterAll(async () => {
  await Promise.all([registry?.stop(), sigstore?.stop()]);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const verify = (image: string, certificate: string, fields: Fields = {}) => verifyWith(live, image, certificate, fields);

type Fields = { chain?: string[]; requireRekorBundle?: boolean; annotations?: Record<string, string> };

const verifyWith = (source: LiveExternalSource, image: string, certificate: string, fields: Fields) =>
  source.sigstoreVerify({
    type: "SigstoreCertificateVerify", image, certificate: bytesOf(file(`${certificate}.crt`)),
    certificate_chain: fields.chain?.map((ca) => bytesOf(file(`${ca}.crt`))) ?? null,
    require_rekor_bundle: fields.requireRekorBundle ?? false, annotations: fields.annotations ?? null,
  });

describe("SigstoreCertificateVerify answered live", () => {
  it("trusts a signature by the certificate's key, with and without its chain and annotations", async () => {
    const trusted = { is_trusted: true, digest: images.signed.digest };
    expect(await verify(images.signed.image, "signer")).toEqual(trusted);
    expect(await verify(images.signed.image, "signer", { chain: ["ca"] })).toEqual(trusted);
    expect(await verify(images.signed.image, "signer", { chain: ["other-ca", "ca"], annotations: { env: "prod" } })).toEqual(trusted);
  });

  it("trusts what the real cosign signed with the certificate's key", async () => {
    expect(await verify(images.cosigned.image, "signer", { chain: ["ca"] })).toEqual({ is_trusted: true, digest: images.cosigned.digest });
  });

  it("fails the call when another certificate's key signed, or an annotation is missing", async () => {
    const failed = "verification failed: Several Signature Layers failed verification";
    await expect(verify(images.signed.image, "stranger", { chain: ["ca"] })).rejects.toThrow(failed);
    await expect(verify(images.cosigned.image, "stranger")).rejects.toThrow(failed);
    await expect(verify(images.signed.image, "signer", { annotations: { env: "dev" } })).rejects.toThrow(failed);
  });

  it("fails the call when the chain does not verify the certificate", async () => {
    await expect(verify(images.signed.image, "signer", { chain: ["other-ca"] })).rejects.toThrow("UnknownIssuer");
  });

  it("fails the call when a Rekor bundle is required and the layer carries none", async () => {
    await expect(verify(images.signed.image, "signer", { requireRekorBundle: true })).rejects.toThrow("verification failed: Several Signature Layers failed verification");
    await expect(verify(images.cosigned.image, "signer", { chain: ["ca"], requireRekorBundle: true })).rejects.toThrow("verification failed");
  });

  it("refuses a certificate that is not for code signing, and a request without certificate bytes", async () => {
    await expect(verify(images.signed.image, "plain")).rejects.toThrow("Bundled certificate does not have digital signature key usage");
    await expect(live.sigstoreVerify({ type: "SigstoreCertificateVerify", image: images.signed.image, certificate: "PEM", require_rekor_bundle: false }))
      .rejects.toThrow("invalid SigstoreCertificateVerify request: certificate must be a list of bytes");
  });
});

describe("SigstoreCertificateVerify with a Rekor bundle", () => {
  it("trusts a layer whose bundle the trust root's Rekor key verifies, integrated while the certificate was valid", async () => {
    const withRekor = new LiveExternalSource({ cacheTtlMs: 0, trustedRoot });
    const fields = { chain: ["ca"], requireRekorBundle: true };
    expect(await verifyWith(withRekor, images.logged.image, "signer", fields)).toEqual({ is_trusted: true, digest: images.logged.digest });
    // Without Rekor keys the bundle is ignored, as policy-evaluator does without Rekor data.
    await expect(verify(images.logged.image, "signer", fields)).rejects.toThrow("verification failed: Several Signature Layers failed verification");
    expect(await verify(images.logged.image, "signer", { chain: ["ca"] })).toEqual({ is_trusted: true, digest: images.logged.digest });
  });

  it("spoils the layer when its bundle does not verify with the trust root's Rekor keys", async () => {
    const elsewhere = await startSigstoreServices();
    try {
      const otherRoot = elsewhere.writeTrustFiles(mkdtempSync(join(dir, "elsewhere-"))).trustedRoot;
      const withOtherRekor = new LiveExternalSource({ cacheTtlMs: 0, trustedRoot: otherRoot });
      await expect(verifyWith(withOtherRekor, images.logged.image, "signer", { chain: ["ca"] })).rejects.toThrow("verification failed: Several Signature Layers failed verification");
    } finally {
      await elsewhere.stop();
    }
  });
});

describe("the SDK's verifyCertificate, answered live through a real guest", () => {
  it("gets the digest for the signing certificate, and the host's error for a chain that does not verify it", async () => {
    const probe = new PolicyEvaluator(await compileGuestModule("certificate-signature-probe"));
    const sources = await startLiveSources({ trustedRoot });
    try {
      const answer = (chain: string[], requireRekorBundle = false) => probe.validate(wrapObject({ apiVersion: "v1", kind: "Pod", metadata: { name: "p" } }),
        { image: images.signed.image, certificate: file("signer.crt"), chain: chain.map((ca) => file(`${ca}.crt`)), requireRekorBundle },
        { external: sources.external }).admission.status?.message;
      expect(answer(["ca"])).toBe(`trusted: ${images.signed.digest}`);
      expect(answer(["other-ca"])).toBe("error: Callback evaluation failure: UnknownIssuer");
      expect(answer(["ca"], true)).toBe("error: Callback evaluation failure: verification failed: Several Signature Layers failed verification");
    } finally {
      await sources.stop();
    }
  });
});
