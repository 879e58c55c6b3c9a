// `cosign attest --type spdxjson` for an image in a registry: the SBOM as the predicate of
// an in-toto statement about the image's digest, signed in a DSSE envelope and appended to
// the image's `sha256-<hex>.att` manifest, where `cosign verify-attestation` and
// `cosign download attestation` look.
import { RepositoryClient, type ClientOptions } from "../oci/client.ts";
import { MANIFEST_ACCEPT } from "../oci/media-types.ts";
import { manifestTarget, parseReference, pinnedReference } from "../oci/reference.ts";
import { appendLayer } from "./append-layer.ts";
import { attestationLayer, type AttestationSigner } from "./attestation.ts";

export interface AttestedImage {
  /** `registry://host/repo@sha256:…`: what the attestation is about. */
  reference: string;
  digest: string;
  /** `sha256-<hex>.att`, in the image's repository. */
  attestationTag: string;
  /** The digest of the manifest that tag names now. */
  attestationManifest: string;
  /** How many attestations the image has now. */
  attestations: number;
}

/** `sha256:abc…` → `sha256-abc….att`. */
export function attestationTag(imageDigest: string): string {
  return `${imageDigest.replace(":", "-")}.att`;
}

export interface AttestOptions extends ClientOptions {
  /** Throws when the image's manifest is not what the predicate is about; called before anything is written. */
  checkSubject?: (manifest: Uint8Array) => void;
}

export async function attestImage(reference: string, predicateType: string, predicate: unknown, signer: AttestationSigner, options: AttestOptions = {}): Promise<AttestedImage> {
  const ref = parseReference(reference);
  const client = new RepositoryClient(ref, "pull,push", options);
  const { digest, bytes } = await client.getManifest(manifestTarget(ref), MANIFEST_ACCEPT);
  options.checkSubject?.(bytes);
  const layer = await attestationLayer({ repository: `${ref.registry}/${ref.repository}`, digest }, predicateType, predicate, signer);
  const written = await appendLayer(client, attestationTag(digest), layer);
  return { reference: pinnedReference(ref, digest), digest, attestationTag: written.tag, attestationManifest: written.manifestDigest, attestations: written.count };
}
