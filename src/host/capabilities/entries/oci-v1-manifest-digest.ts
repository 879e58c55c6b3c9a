import { replayOnly } from "./replay-only.ts";

// The guest sends the image reference; kwctl records it as `image: <reference>`.
export const ociManifestDigest = replayOnly("oci/v1/manifest_digest", "OciManifestDigest", "string", (image) => ({ image }));
