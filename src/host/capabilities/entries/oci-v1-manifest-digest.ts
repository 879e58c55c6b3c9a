import { externalCall } from "./external-call.ts";

// The guest sends the image reference; kwctl records it as `image: <reference>`.
export const ociManifestDigest = externalCall("oci/v1/manifest_digest", "OciManifestDigest", "string", "manifestDigest", (image) => ({ image }));
