// The real answers to the OCI, DNS and crypto host capabilities, each bounded by
// a deadline, for the thread that owns them (serve's main thread, or run's
// helper thread); evaluations reach them through the worker bridge.
import type { AsyncExternalSource, CertificateVerificationRequest } from "../capabilities/external-requests.ts";
import type { ClientOptions } from "../../oci/client.ts";
import { LIVE_CALL_TIMEOUT_MS, withDeadline } from "./deadline.ts";
import { dnsLookupHost } from "./dns-lookup.ts";
import { isCertificateTrusted } from "./certificate-trust.ts";
import { manifestDigest, ociManifest, ociManifestConfig } from "./oci-manifests.ts";

/** How the live sources reach registries, and how long one call may take. */
export interface LiveExternalOptions {
  registry?: Pick<ClientOptions, "insecure" | "caFile">;
  timeoutMs?: number;
}

export class LiveExternalSource implements AsyncExternalSource {
  private readonly registry: Pick<ClientOptions, "insecure" | "caFile">;
  private readonly timeoutMs: number;

  constructor(options: LiveExternalOptions = {}) {
    this.registry = options.registry ?? {};
    this.timeoutMs = options.timeoutMs ?? LIVE_CALL_TIMEOUT_MS;
  }

  private fromRegistry(what: string, image: string, read: (image: string, options: ClientOptions) => Promise<unknown>): Promise<unknown> {
    if (typeof image !== "string") return Promise.reject(new Error(`invalid ${what} request: expected an image reference`));
    return withDeadline(`${what} of ${image}`, this.timeoutMs, (signal) => read(image, { ...this.registry, signal }));
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
    return withDeadline(`the lookup of ${host}`, this.timeoutMs, () => dnsLookupHost(host));
  }

  async isCertificateTrusted(request: CertificateVerificationRequest): Promise<unknown> {
    return isCertificateTrusted(request);
  }
}
