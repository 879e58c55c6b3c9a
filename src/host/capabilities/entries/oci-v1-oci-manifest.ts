import { replayOnly } from "./replay-only.ts";

// The guest sends the image reference; kwctl records it as `image: <reference>`.
export const ociManifest = replayOnly("oci/v1/oci_manifest", "OciManifest", "string", (image) => ({ image }));
