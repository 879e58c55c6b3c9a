import { replayOnly } from "./replay-only.ts";

// The guest sends the image reference; kwctl records it as `image: <reference>`.
export const ociManifestConfig = replayOnly("oci/v1/oci_manifest_config", "OciManifestAndConfig", "string", (image) => ({ image }));
