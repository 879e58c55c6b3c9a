import { externalCall } from "./external-call.ts";

export const ociManifestConfig = externalCall("oci/v1/oci_manifest_config", "OciManifestAndConfig", "string", "ociManifestConfig");
