import { externalCall } from "./external-call.ts";

// The guest sends the image reference; kwctl records it as `image: <reference>`.
export const ociManifestConfig = externalCall("oci/v1/oci_manifest_config", "OciManifestAndConfig", "string", "ociManifestConfig", (image) => ({ image }));
