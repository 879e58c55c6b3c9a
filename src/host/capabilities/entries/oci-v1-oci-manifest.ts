import { replayOnly } from "./replay-only.ts";

export const ociManifest = replayOnly("oci/v1/oci_manifest", "OciManifest", "string", "image");
