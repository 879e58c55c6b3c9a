import { replayOnly } from "./replay-only.ts";

export const ociManifestDigest = replayOnly("oci/v1/manifest_digest", "OciManifestDigest", "string", "image");
