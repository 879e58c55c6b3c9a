import { externalCall } from "./external-call.ts";

export const ociManifest = externalCall("oci/v1/oci_manifest", "OciManifest", "string", "ociManifest");
