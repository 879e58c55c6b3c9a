import { replayOnly } from "./replay-only.ts";

export const ociManifestConfig = replayOnly("oci/v1/oci_manifest_config", "OciManifestAndConfig", "string", "image");
