// How attest and publish --sign sign an SBOM attestation: with the cosign key or keyless, as
// the signing material (signing-material.ts) says.
import { keySigner, type AttestationSigner } from "../../signing/attestation.ts";
import type { VerifiedKeylessIdentity } from "../../signing/keyless/certificate-identity.ts";
import { keylessEnvelopeSigner } from "../../signing/keyless/keyless-envelope-signer.ts";
import type { SigningMaterial } from "./signing-material.ts";

/** The signer, and for a keyless one, who it signed as once it has signed against a trust root. */
export function attestationSigner(material: SigningMaterial): AttestationSigner & { identity?: VerifiedKeylessIdentity } {
  return material.keyless ? keylessEnvelopeSigner(material.keyless) : keySigner(material.key);
}
