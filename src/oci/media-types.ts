// Media types of a Kubewarden policy artifact and of the manifests a registry may answer with.

/** The config blob of a policy artifact: the two bytes `{}`. */
export const WASM_CONFIG_MEDIA_TYPE = "application/vnd.wasm.config.v1+json";
/** The single layer of a policy artifact: the raw module, neither tarred nor compressed. */
export const WASM_LAYER_MEDIA_TYPE = "application/vnd.wasm.content.layer.v1+wasm";

export const OCI_MANIFEST_MEDIA_TYPE = "application/vnd.oci.image.manifest.v1+json";
export const OCI_INDEX_MEDIA_TYPE = "application/vnd.oci.image.index.v1+json";
export const DOCKER_MANIFEST_MEDIA_TYPE = "application/vnd.docker.distribution.manifest.v2+json";
export const DOCKER_MANIFEST_LIST_MEDIA_TYPE = "application/vnd.docker.distribution.manifest.list.v2+json";

/** What a pull accepts; registries answer 404 to manifest GETs without an OCI type here. */
export const MANIFEST_ACCEPT = [
  OCI_MANIFEST_MEDIA_TYPE,
  OCI_INDEX_MEDIA_TYPE,
  DOCKER_MANIFEST_MEDIA_TYPE,
  DOCKER_MANIFEST_LIST_MEDIA_TYPE,
].join(", ");

export const INDEX_MEDIA_TYPES = [OCI_INDEX_MEDIA_TYPE, DOCKER_MANIFEST_LIST_MEDIA_TYPE];
