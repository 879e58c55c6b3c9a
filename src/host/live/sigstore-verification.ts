// The `oci/v1/verify` and `oci/v2/verify` capabilities answered for real, as
// policy-evaluator answers them (callback_handler/sigstore_verification.rs): the request
// becomes a verification config whose allOf holds one rule per key or identity, the image's
// signatures are read from its `.sig` tag and judged by src/signing, and the answer is
// `{is_trusted: true, digest}`. A certificate request is sigstore-rs's CertificateVerifier
// (src/signing/certificate-verifier.ts) beside an annotations constraint. Every failure, an unsatisfied rule included, is an error of
// the host call in policy-evaluator's words, never `is_trusted: false`.
import type { ClientOptions } from "../../oci/client.ts";
import { RepositoryClient } from "../../oci/client.ts";
import { formatReference, type Reference } from "../../oci/reference.ts";
import { certificateVerifier } from "../../signing/certificate-verifier.ts";
import { evaluateConfig } from "../../signing/evaluate-config.ts";
import type { KeylessVerifier } from "../../signing/keyless-identity.ts";
import { parsePublicKey } from "../../signing/key-pair.ts";
import { rekorBundleTime } from "../../signing/keyless/rekor-bundle-time.ts";
import type { TrustRoot } from "../../signing/keyless/trust-root.ts";
import { readSignatures, type ImageSignatures } from "../../signing/read-signatures.ts";
import { hasAnnotations } from "../../signing/simple-signing.ts";
import { imageDigest } from "../../signing/sign-image.ts";
import type { SignatureRule } from "../../signing/verification-config.ts";
import type { SigstoreVerificationRequest } from "../capabilities/external-requests.ts";
import { imageReference } from "./oci-manifests.ts";

export interface SigstoreVerifyOptions extends ClientOptions {
  /** Verifies keyless signatures; without one they are discarded, as policy-evaluator does without Fulcio data. */
  keyless?: KeylessVerifier;
  /** Whose Rekor keys check a layer's Rekor bundle; without it bundles are ignored, as policy-evaluator does without Rekor data. */
  trustRoot?: TrustRoot;
}

/** A rule, or the YAML lines of one policy-fetcher could not make a verifier of (it is then never satisfied). */
type Constraint = SignatureRule | { unusable: string };

type Fields = Record<string, unknown>;

function list(request: Fields, field: string): Fields[] {
  const value = request[field];
  return Array.isArray(value) ? (value as Fields[]) : [];
}

function text(value: unknown): string {
  return typeof value === "string" ? value : "";
}

/** The url crate's parse, which policy-evaluator applies to every prefix; policy-fetcher then ends it with "/". */
function urlPrefix(prefix: string): string {
  const href = new URL(prefix).href;
  return href.endsWith("/") ? href : `${href}/`;
}

function pubKeyConstraints(request: Fields, annotations: Record<string, string> | undefined): Constraint[] {
  const keys = Array.isArray(request.pub_keys) ? (request.pub_keys as unknown[]).map(text) : [];
  if (keys.length === 0) throw new Error("Must provide at least one pub key");
  return keys.map((key, i): Constraint => {
    try {
      return { kind: "pubKey", path: `pub_keys[${i}]`, line: 0, key, publicKey: parsePublicKey(key, `pub_keys[${i}]`), annotations };
    } catch {
      return { unusable: `kind: pubKey\nkey: ${JSON.stringify(key)}\n` };
    }
  });
}

/** The allOf rules of the config policy-evaluator builds for `request`. */
function constraintsOf(request: SigstoreVerificationRequest): Constraint[] {
  const annotations = (request.annotations ?? undefined) as Record<string, string> | undefined;
  const base = { line: 0, annotations };
  switch (request.type) {
    case "SigstorePubKeyVerify":
      return pubKeyConstraints(request, annotations);
    case "SigstoreKeylessVerify": {
      const keyless = list(request, "keyless");
      if (keyless.length === 0) throw new Error("Must provide keyless info");
      return keyless.map((k, i) => ({ ...base, kind: "genericIssuer", path: `keyless[${i}]`, issuer: text(k.issuer), subject: { equal: text(k.subject) } }));
    }
    case "SigstoreKeylessPrefixVerify": {
      const prefixes = list(request, "keyless_prefix");
      if (prefixes.length === 0) throw new Error("Must provide keyless info");
      return prefixes.map((k, i) => ({
        ...base, kind: "genericIssuer", path: `keyless_prefix[${i}]`, issuer: text(k.issuer), subject: { urlPrefix: urlPrefix(text(k.url_prefix)) },
      }));
    }
    case "SigstoreGithubActionsVerify": {
      const owner = text(request.owner);
      if (!owner) throw new Error("Must provide owner info");
      const repo = text(request.repo);
      return [{ ...base, kind: "githubAction", path: "github_actions", owner, ...(repo ? { repo } : {}) }];
    }
    default:
      throw new Error(`unknown sigstore verification kind ${request.type}`);
  }
}

/** How policy-fetcher names the image in its messages: the fully resolved reference. */
function wholeName(ref: Reference): string {
  return `${ref.registry}/${ref.repository}${ref.digest ? `@${ref.digest}` : `:${ref.tag}`}`;
}

function describeConstraint(constraint: Constraint): string {
  if ("unusable" in constraint) return constraint.unusable;
  const { publicKey: _key, path: _path, line: _line, ...shown } = constraint as SignatureRule & { publicKey?: unknown };
  return `${Object.entries(shown).map(([k, v]) => `${k}: ${JSON.stringify(v ?? null)}`).join("\n")}\n`;
}

type Verified = { is_trusted: true; digest: string };

/** The image's digest and signature layers, as policy-fetcher's fetch_sigstore_remote_data reads them. */
async function remoteSignatures(image: unknown, options: SigstoreVerifyOptions): Promise<{ digest: string; found: ImageSignatures }> {
  const ref = imageReference(text(image));
  const client = new RepositoryClient(ref, "pull", options);
  const digest = await imageDigest(client, formatReference(ref));
  const found = await readSignatures(client, digest);
  if (found.signatures.length === 0 && found.skipped.length === 0) throw new Error(`no signatures found for image: ${wholeName(ref)} `);
  return { digest, found };
}

/** Bytes as serde reads a `Vec<u8>` from JSON: a list of integers 0..255. */
function bytes(value: unknown, field: string): Uint8Array {
  if (!Array.isArray(value) || !value.every((b) => Number.isInteger(b) && b >= 0 && b <= 255)) {
    throw new Error(`invalid SigstoreCertificateVerify request: ${field} must be a list of bytes`);
  }
  return Uint8Array.from(value as number[]);
}

/** SigstoreCertificateVerify as policy-evaluator's verify_certificate answers it. */
async function verifyCertificate(request: SigstoreVerificationRequest, options: SigstoreVerifyOptions): Promise<Verified> {
  const { digest, found } = await remoteSignatures(request.image, options);
  const chainField = request.certificate_chain;
  if (chainField !== undefined && chainField !== null && !Array.isArray(chainField)) {
    throw new Error("invalid SigstoreCertificateVerify request: certificate_chain must be a list of certificates");
  }
  const chain = chainField?.map((c, i) => bytes(c, `certificate_chain[${i}]`));
  const certificate = certificateVerifier(bytes(request.certificate, "certificate"), request.require_rekor_bundle === true, chain,
    (signature) => rekorBundleTime(signature, options.trustRoot));
  const annotations = request.annotations ?? undefined;
  const satisfied = found.signatures.some(certificate) && (!annotations || found.signatures.some((s) => hasAnnotations(s.simpleSigning, annotations)));
  if (!satisfied) throw new Error("verification failed: Several Signature Layers failed verification");
  return { is_trusted: true, digest };
}

/** `{is_trusted: true, digest}` when the image's signatures satisfy every constraint of `request`; else an Error in policy-evaluator's words. */
export async function verifySigstoreRequest(request: SigstoreVerificationRequest, options: SigstoreVerifyOptions = {}): Promise<Verified> {
  if (request.type === "SigstoreCertificateVerify") return verifyCertificate(request, options);
  const constraints = constraintsOf(request);
  const { digest, found } = await remoteSignatures(request.image, options);
  const rules = constraints.filter((c): c is SignatureRule => !("unusable" in c));
  const evaluation = await evaluateConfig({ source: "the request", allOf: rules }, found.signatures, options.keyless);
  const unsatisfied: Constraint[] = [...evaluation.missingAllOf, ...constraints.filter((c) => "unusable" in c)];
  if (unsatisfied.length > 0) {
    throw new Error(`Image verification failed: missing signatures\nThe following constraints were not satisfied:\n${unsatisfied.map(describeConstraint).join("")}`);
  }
  return { is_trusted: true, digest };
}
