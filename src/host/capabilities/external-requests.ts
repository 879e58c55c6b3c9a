// The host capabilities answered from outside the cluster (OCI registries, DNS,
// X.509), as one interface a host supplies: `wardenkit serve` and `run --live`
// answer them for real (src/host/live), through the same worker bridge as the
// kubernetes reads.

/** A certificate as policy-evaluator's crypto capability carries it: PEM or DER bytes. */
export interface WireCertificate {
  encoding: "Pem" | "Der";
  data: number[];
}

/** The body of `crypto/v1/is_certificate_trusted`. */
export interface CertificateVerificationRequest {
  cert: WireCertificate;
  cert_chain?: WireCertificate[] | null;
  not_after?: string | null;
}

/** A sigstore verification as `oci/v2/verify` carries it (v1's, retagged the same way): its kind and its fields. */
export interface SigstoreVerificationRequest {
  type: string;
  image?: unknown;
  annotations?: Record<string, string> | null;
  [field: string]: unknown;
}

export interface ExternalSource {
  manifestDigest(image: string): unknown;
  ociManifest(image: string): unknown;
  ociManifestConfig(image: string): unknown;
  dnsLookupHost(host: string): unknown;
  isCertificateTrusted(request: CertificateVerificationRequest): unknown;
  sigstoreVerify(request: SigstoreVerificationRequest): unknown;
}

/** Every ExternalSource method (the type checks none is missing), for hosts that forward them by name. */
const METHODS: Record<keyof ExternalSource, true> = {
  manifestDigest: true, ociManifest: true, ociManifestConfig: true, dnsLookupHost: true, isCertificateTrusted: true, sigstoreVerify: true,
};
export const EXTERNAL_SOURCE_METHODS = Object.keys(METHODS) as (keyof ExternalSource)[];

/** The asynchronous counterpart of ExternalSource (method for method), answered where the live sources run. */
export type AsyncExternalSource = {
  [Method in keyof ExternalSource]: (request: Parameters<ExternalSource[Method]>[0]) => Promise<unknown>;
};
