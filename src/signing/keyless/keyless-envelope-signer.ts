// Keyless attestations as `cosign attest` (2.6) makes them with an identity token: the DSSE
// envelope signed with an ephemeral key that Fulcio certifies, logged in Rekor as a `dsse`
// entry (cosign's default --rekor-entry-type), and the layer annotated with the certificate,
// its chain and the Rekor bundle. cosign checks the entry's envelopeHash against the layer's
// bytes, so the layer is the envelope exactly as sigstore-js sent it to Rekor.
import { envelopeToJSON } from "@sigstore/bundle";
import { DSSEBundleBuilder } from "@sigstore/sign";
import type { EnvelopeSigner } from "../attestation.ts";
import { CERTIFICATE_ANNOTATION, CHAIN_ANNOTATION } from "../signature-tag.ts";
import { KeylessError, keylessMessages } from "./errors.ts";
import type { VerifiedKeylessIdentity } from "./certificate-identity.ts";
import { verifyKeylessBundle } from "./verify-keyless.ts";
import { caChain, certificateAndBundleAnnotations, fulcioAndRekor, type KeylessSigningOptions } from "./sign-keyless.ts";

export interface KeylessEnvelopeSigner extends EnvelopeSigner {
  /** Who Fulcio certified for the last envelope, when it was verified against a trust root. */
  identity?: VerifiedKeylessIdentity;
}

/**
 * With a trust root, each envelope is verified (certificate chain, SCT, Rekor's SET and entry,
 * signature) before it is handed back, so nothing that would not verify is attached.
 */
export function keylessEnvelopeSigner(options: KeylessSigningOptions): KeylessEnvelopeSigner {
  const signer: KeylessEnvelopeSigner = {
    async signEnvelope(payloadType, payload) {
      const bundle = await fulcioAndRekor(options, (parts) => new DSSEBundleBuilder(parts).create({ data: Buffer.from(payload), type: payloadType }));
      if (bundle.content.$case !== "dsseEnvelope") throw new KeylessError(keylessMessages.signingFailed("sigstore-js returned no DSSE envelope"));
      const annotations = certificateAndBundleAnnotations(bundle);
      const envelope = new TextEncoder().encode(JSON.stringify(envelopeToJSON(bundle.content.dsseEnvelope)));
      if (!options.trustRoot) return { envelope, annotations };
      try {
        signer.identity = verifyKeylessBundle(bundle, annotations[CERTIFICATE_ANNOTATION], options.trustRoot);
      } catch (err) {
        throw new KeylessError(keylessMessages.signedButUnverifiable((err as Error).message));
      }
      const chain = caChain(options.trustRoot, annotations[CERTIFICATE_ANNOTATION]);
      return { envelope, annotations: chain ? { ...annotations, [CHAIN_ANNOTATION]: chain } : annotations };
    },
  };
  return signer;
}
