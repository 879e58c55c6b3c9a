// Sigstore's TrustedRoot JSON (protobuf-specs' TrustedRoot, media type version 0.1) for the
// imitation Fulcio, Rekor and CT log of sigstore-services.ts: what `--trusted-root` reads,
// in wardenkit and in cosign alike.
import { createHash, type KeyObject } from "node:crypto";

const MEDIA_TYPE = "application/vnd.dev.sigstore.trustedroot+json;version=0.1";
// Keys and the CA are trusted from a day before they were made, so clock skew never matters.
const VALID_FROM = new Date(Date.now() - 24 * 60 * 60 * 1000).toISOString();

export interface TrustedRootParts {
  url: string;
  /** The Fulcio CA's self-signed root certificate, DER. */
  caRoot: Buffer;
  rekorKey: KeyObject;
  ctLogKey: KeyObject;
}

function transparencyLog(url: string, key: KeyObject): object {
  const der = key.export({ type: "spki", format: "der" });
  return {
    baseUrl: url,
    hashAlgorithm: "SHA2_256",
    publicKey: { rawBytes: der.toString("base64"), keyDetails: "PKIX_ECDSA_P256_SHA_256", validFor: { start: VALID_FROM } },
    logId: { keyId: createHash("sha256").update(der).digest("base64") },
  };
}

export function trustedRootJson(parts: TrustedRootParts): string {
  return JSON.stringify({
    mediaType: MEDIA_TYPE,
    tlogs: [transparencyLog(parts.url, parts.rekorKey)],
    certificateAuthorities: [{
      subject: { organization: "sigstore.mock", commonName: "sigstore" },
      uri: parts.url,
      certChain: { certificates: [{ rawBytes: parts.caRoot.toString("base64") }] },
      validFor: { start: VALID_FROM },
    }],
    ctlogs: [transparencyLog(parts.url, parts.ctLogKey)],
    timestampAuthorities: [],
  }, null, 2);
}

const CLIENT_TRUST_CONFIG_MEDIA_TYPE = "application/vnd.dev.sigstore.clienttrustconfig.v0.1+json";

/** The same root wrapped in a ClientTrustConfig, the file policy-server's `--sigstore-trust-config` reads. */
export function clientTrustConfigJson(trustedRoot: string): string {
  return JSON.stringify({ mediaType: CLIENT_TRUST_CONFIG_MEDIA_TYPE, trustedRoot: JSON.parse(trustedRoot) }, null, 2);
}
