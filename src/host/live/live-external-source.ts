// The real answers to the OCI, DNS and crypto host capabilities, each bounded by
// a deadline, for the thread that owns them (serve's main thread, or run's
// helper thread); evaluations reach them through the worker bridge.
import type { AsyncExternalSource, CertificateVerificationRequest, SigstoreVerificationRequest } from "../capabilities/external-requests.ts";
import type { ClientOptions } from "../../oci/client.ts";
import { LIVE_CALL_TIMEOUT_MS, withDeadline } from "./deadline.ts";
import { dnsLookupHost } from "./dns-lookup.ts";
import { isCertificateTrusted } from "./certificate-trust.ts";
import { manifestDigest, ociManifest, ociManifestConfig } from "./oci-manifests.ts";
import { AnswerCache } from "./answer-cache.ts";
import { verifySigstoreRequest } from "./sigstore-verification.ts";
import type { KeylessVerifier } from "../../signing/keyless-identity.ts";
import { keylessVerifier } from "../../signing/keyless/keyless-verifier.ts";
import { readTrustRoot, type TrustRoot } from "../../signing/keyless/trust-root.ts";

/** How long an answer is kept, as policy-evaluator keeps its OCI, DNS and crypto answers. */
export const EXTERNAL_CACHE_TTL_MS = 60_000;

/** How the live sources reach registries, and how long one call may take. */
export interface LiveExternalOptions {
  registry?: Pick<ClientOptions, "insecure" | "caFile">;
  /** The Sigstore trust root file keyless signatures are verified against (`--trusted-root`); without it they are discarded, as policy-server does without Fulcio data. */
  trustedRoot?: string;
  timeoutMs?: number;
  /** How long an answer is kept; 0 keeps none. */
  cacheTtlMs?: number;
}

export class LiveExternalSource implements AsyncExternalSource {
  private readonly registry: Pick<ClientOptions, "insecure" | "caFile">;
  private readonly timeoutMs: number;
  private readonly cache: AnswerCache;
  private readonly keyless?: KeylessVerifier;
  private readonly trustRoot?: TrustRoot;

  constructor(options: LiveExternalOptions = {}) {
    this.registry = options.registry ?? {};
    // Read once, here: a path crosses to the live sources' thread where a function could not.
    this.trustRoot = options.trustedRoot === undefined ? undefined : readTrustRoot(options.trustedRoot);
    this.keyless = this.trustRoot && keylessVerifier(this.trustRoot);
    this.timeoutMs = options.timeoutMs ?? LIVE_CALL_TIMEOUT_MS;
    this.cache = new AnswerCache(options.cacheTtlMs ?? EXTERNAL_CACHE_TTL_MS);
  }

  private kept(operation: string, request: unknown, answer: () => Promise<unknown>): Promise<unknown> {
    return this.cache.get(JSON.stringify([operation, request]), false, answer);
  }

  private fromRegistry(what: string, image: string, read: (image: string, options: ClientOptions) => Promise<unknown>): Promise<unknown> {
    if (typeof image !== "string") return Promise.reject(new Error(`invalid ${what} request: expected an image reference`));
    return this.kept(what, image, () => withDeadline(`${what} of ${image}`, this.timeoutMs, (signal) => read(image, { ...this.registry, signal })));
  }

  manifestDigest(image: string): Promise<unknown> {
    return this.fromRegistry("the manifest digest", image, manifestDigest);
  }

  ociManifest(image: string): Promise<unknown> {
    return this.fromRegistry("the manifest", image, ociManifest);
  }

  ociManifestConfig(image: string): Promise<unknown> {
    return this.fromRegistry("the manifest and config", image, ociManifestConfig);
  }

  dnsLookupHost(host: string): Promise<unknown> {
    return this.kept("dns", host, () => withDeadline(`the lookup of ${host}`, this.timeoutMs, () => dnsLookupHost(host)));
  }

  isCertificateTrusted(request: CertificateVerificationRequest): Promise<unknown> {
    return this.kept("crypto", request, async () => isCertificateTrusted(request));
  }

  sigstoreVerify(request: SigstoreVerificationRequest): Promise<unknown> {
    const what = `the verification of ${String(request.image)}`;
    return this.kept("sigstore", request, () =>
      withDeadline(what, this.timeoutMs, (signal) => verifySigstoreRequest(request, { ...this.registry, keyless: this.keyless, trustRoot: this.trustRoot, signal })));
  }
}
