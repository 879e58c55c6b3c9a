// Signs an image in a registry with a private key, as `cosign sign --key` does (no
// transparency log): the simple-signing payload for the image's digest, its ECDSA signature,
// appended to the image's `.sig` manifest. Signing again with the same key and annotations
// adds nothing, as cosign's duplicate check does.
import { sign, type KeyObject } from "node:crypto";
import { RepositoryClient, type ClientOptions } from "../oci/client.ts";
import { MANIFEST_ACCEPT } from "../oci/media-types.ts";
import { manifestTarget, parseReference, pinnedReference } from "../oci/reference.ts";
import { SIGNATURE_HASH } from "./key-type.ts";
import { readSignatures } from "./read-signatures.ts";
import { simpleSigningPayload } from "./simple-signing.ts";
import { SIGNATURE_ANNOTATION } from "./signature-tag.ts";
import { signedByKey } from "./signed-by-key.ts";
import { appendSignature } from "./write-signature.ts";

export interface SignImageOptions extends ClientOptions {
  /** `-a key=value`: carried in the payload's `optional`, as cosign carries them. */
  annotations?: Record<string, string>;
}

export interface SignedImage {
  /** `registry://host/repo@sha256:…`: what was signed. */
  reference: string;
  digest: string;
  /** `sha256-<hex>.sig`, in the image's repository. */
  signatureTag: string;
  /** The digest of the signature manifest that tag names now. */
  signatureManifest: string;
  /** How many signatures the image has now. */
  signatures: number;
  /** True when an equal signature by this key was already there, and nothing was written. */
  alreadySigned: boolean;
}

/** Resolves a reference to the digest of its manifest; a digest given is checked against the registry. */
export async function imageDigest(client: RepositoryClient, reference: string): Promise<string> {
  return (await client.getManifest(manifestTarget(parseReference(reference)), MANIFEST_ACCEPT)).digest;
}

export async function signImage(reference: string, key: KeyObject, options: SignImageOptions = {}): Promise<SignedImage> {
  const ref = parseReference(reference);
  const client = new RepositoryClient(ref, "pull,push", options);
  const digest = await imageDigest(client, reference);
  const annotations = options.annotations ?? {};
  const pinned = pinnedReference(ref, digest);

  const existing = await readSignatures(client, digest);
  const same = existing.signatures.find((s) => signedByKey(s, key) && sameAnnotations(s.simpleSigning.annotations, annotations));
  if (same) {
    return { reference: pinned, digest, signatureTag: existing.tag, signatureManifest: existing.manifestDigest ?? "", signatures: existing.signatures.length, alreadySigned: true };
  }

  const payload = simpleSigningPayload(`${ref.registry}/${ref.repository}`, digest, annotations);
  const signature = sign(SIGNATURE_HASH, payload, key).toString("base64");
  const written = await appendSignature(client, digest, { payload, annotations: { [SIGNATURE_ANNOTATION]: signature } });
  return { reference: pinned, digest, signatureTag: written.tag, signatureManifest: written.manifestDigest, signatures: written.count, alreadySigned: false };
}

function sameAnnotations(a: Record<string, string>, b: Record<string, string>): boolean {
  return Object.keys(a).length === Object.keys(b).length && Object.entries(b).every(([k, v]) => a[k] === v);
}
