// Verifying an image's sigstore signatures through Kubewarden's `oci/v2/verify`
// host capability. The host answers `{is_trusted, digest}` when the signatures
// satisfy the request and refuses the call otherwise, so an untrusted image
// comes back as `ok` false with the host's reason, never as a trap.
import { JsonWriter } from "../json/write";
import { byteArray, callJson, missingField, optionalString, utf8Bytes } from "./json-call";

/**
 * Annotations every matching signature must carry, or null for none.
 *
 * @example
 * verifyPubKeys(image, [key], { annotations: annotations });
 */
export class VerifyOptions {
  annotations: Map<string, string> | null = null;
}

/**
 * A keyless signer: the OIDC issuer and the exact subject of its certificate.
 *
 * @example
 * verifyKeyless(image, [{ issuer: "https://token.actions.githubusercontent.com", subject: "https://github.com/org/app/.github/workflows/release.yml@refs/heads/main" }]);
 */
export class KeylessSigner {
  issuer: string = "";
  subject: string = "";
}

/**
 * Keyless signers whose certificate subject is a URL starting with `urlPrefix`.
 *
 * @example
 * verifyKeylessPrefix(image, [{ issuer: "https://token.actions.githubusercontent.com", urlPrefix: "https://github.com/org/" }]);
 */
export class KeylessPrefixSigner {
  issuer: string = "";
  urlPrefix: string = "";
}

/**
 * The repository of a GitHub Actions signer (null: any repository of the owner) and annotations.
 *
 * @example
 * verifyGithubActions(image, "kubewarden", { repo: "policy-server", annotations: null });
 */
export class GithubActionsOptions {
  repo: string | null = null;
  annotations: Map<string, string> | null = null;
}

/**
 * The chain of the signing certificate (PEM, intermediates first, root last; null: the
 * host's Fulcio roots), whether a Rekor bundle is required, and annotations.
 *
 * @example
 * verifyCertificate(image, certPem, { certificateChain: [rootPem], requireRekorBundle: false, annotations: null });
 */
export class CertificateVerifyOptions {
  certificateChain: string[] | null = null;
  requireRekorBundle: bool = true;
  annotations: Map<string, string> | null = null;
}

/**
 * `isTrusted` and the digest of the verified manifest when `ok`, else `error`,
 * the first line of the host's message (a failed verification included).
 *
 * @example
 * const verified = verifyPubKeys(image, [key]);
 * if (!verified.ok) return reject(image + " is not signed by the release key: " + verified.error);
 */
export class VerificationResult {
  constructor(readonly ok: bool, readonly isTrusted: bool, readonly digest: string, readonly error: string) {}
}

// Options default to null rather than to a new object, and the two helpers below are
// inlined, so a call without annotations passes a constant null and the compiler drops the
// annotations' writer, and with it the Map code (about 0.8 KB), from the module.
// @ts-ignore: decorator
@inline function annotationsOf(options: VerifyOptions | null): Map<string, string> | null {
  return options !== null ? options.annotations : null;
}

// @ts-ignore: decorator
@inline function verify(out: JsonWriter, annotations: Map<string, string> | null): VerificationResult {
  if (annotations !== null) writeAnnotations(out, annotations);
  return send(out);
}

function writeAnnotations(out: JsonWriter, annotations: Map<string, string>): void {
  out.key("annotations").beginObject();
  // keys() and values() share the insertion order; get() would bring in string hashing.
  const keys = annotations.keys();
  const values = annotations.values();
  for (let i = 0; i < keys.length; i++) out.key(keys[i]).string(values[i]);
  out.endObject();
}

function begin(type: string, image: string): JsonWriter {
  return new JsonWriter().beginObject().key("type").string(type).key("image").string(image);
}

function send(out: JsonWriter): VerificationResult {
  const answer = callJson("oci", "v2/verify", out.endObject().toString());
  if (!answer.ok) return new VerificationResult(false, false, "", answer.error);
  const fields = answer.value.pick(["is_trusted", "digest"]);
  const digest = fields[1].asString();
  if (!fields[0].isBool || digest === null) return new VerificationResult(false, false, "", missingField("v2/verify", "is_trusted and digest"));
  return new VerificationResult(true, fields[0].isTrue, digest, "");
}

/**
 * Verifies that `image` is signed by every one of `pubKeys` (PEM public keys), as policy-evaluator requires.
 *
 * @example
 * const verified = verifyPubKeys("ghcr.io/org/app:v1", [settings.releaseKey]);
 */
export function verifyPubKeys(image: string, pubKeys: string[], options: VerifyOptions | null = null): VerificationResult {
  return verify(begin("SigstorePubKeyVerify", image).key("pub_keys").strings(pubKeys), annotationsOf(options));
}

/**
 * Verifies that `image` is signed keylessly by every one of `signers` (issuer and exact subject).
 *
 * @example
 * const verified = verifyKeyless(image, [{ issuer: "https://accounts.google.com", subject: "release@example.com" }]);
 */
export function verifyKeyless(image: string, signers: KeylessSigner[], options: VerifyOptions | null = null): VerificationResult {
  const out = begin("SigstoreKeylessVerify", image).key("keyless").beginArray();
  for (let i = 0; i < signers.length; i++) {
    out.beginObject().key("issuer").string(signers[i].issuer).key("subject").string(signers[i].subject).endObject();
  }
  return verify(out.endArray(), annotationsOf(options));
}

/**
 * Verifies that `image` is signed keylessly by a subject URL under each of `signers`' prefixes.
 *
 * @example
 * const verified = verifyKeylessPrefix(image, [{ issuer: "https://token.actions.githubusercontent.com", urlPrefix: "https://github.com/org/" }]);
 */
export function verifyKeylessPrefix(image: string, signers: KeylessPrefixSigner[], options: VerifyOptions | null = null): VerificationResult {
  const out = begin("SigstoreKeylessPrefixVerify", image).key("keyless_prefix").beginArray();
  for (let i = 0; i < signers.length; i++) {
    out.beginObject().key("issuer").string(signers[i].issuer).key("url_prefix").string(signers[i].urlPrefix).endObject();
  }
  return verify(out.endArray(), annotationsOf(options));
}

/**
 * Verifies that `image` is signed keylessly by a GitHub Actions workflow of `owner`.
 *
 * @example
 * const verified = verifyGithubActions(image, "kubewarden", { repo: "policy-server", annotations: null });
 */
export function verifyGithubActions(image: string, owner: string, options: GithubActionsOptions = new GithubActionsOptions()): VerificationResult {
  const out = begin("SigstoreGithubActionsVerify", image).key("owner").string(owner);
  optionalString(out, "repo", options.repo);
  return verify(out, options.annotations);
}

/**
 * Verifies that `image` is signed by the key of `certificate` (PEM).
 *
 * @example
 * const verified = verifyCertificate(image, settings.signingCertificate, { certificateChain: [settings.rootCa], requireRekorBundle: true, annotations: null });
 */
export function verifyCertificate(image: string, certificate: string, options: CertificateVerifyOptions = new CertificateVerifyOptions()): VerificationResult {
  const out = begin("SigstoreCertificateVerify", image).key("certificate");
  byteArray(out, utf8Bytes(certificate));
  const chain = options.certificateChain;
  if (chain !== null) {
    out.key("certificate_chain").beginArray();
    for (let i = 0; i < chain.length; i++) byteArray(out, utf8Bytes(chain[i]));
    out.endArray();
  }
  return verify(out.key("require_rekor_bundle").bool(options.requireRekorBundle), options.annotations);
}
