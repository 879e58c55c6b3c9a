import { externalCall } from "./external-call.ts";

// The guest sends the image reference; kwctl records it as `image: <reference>`.
export const ociManifest = externalCall("oci/v1/oci_manifest", "OciManifest", "string", "ociManifest", (image) => ({ image }));
