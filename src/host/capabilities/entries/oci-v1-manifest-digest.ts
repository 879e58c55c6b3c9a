import { externalCall } from "./external-call.ts";

export const ociManifestDigest = externalCall("oci/v1/manifest_digest", "OciManifestDigest", "string", "manifestDigest");
