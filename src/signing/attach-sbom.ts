// Attaches a module's SPDX SBOM (dist/<name>.spdx.json) to the artifact pushed from it, as
// `cosign attest --type spdxjson --predicate <file>` does. An SBOM that names the module's
// sha256 is attached only to an artifact whose wasm layer has that digest: the attestation
// must be about the module the SBOM describes.
import { fileErrorReason, readTextFile } from "../io/text-file.ts";
import type { ClientOptions } from "../oci/client.ts";
import { WASM_LAYER_MEDIA_TYPE } from "../oci/media-types.ts";
import { attestImage, type AttestedImage } from "./attest-image.ts";
import { SPDX_PREDICATE_TYPE, type AttestationSigner } from "./attestation.ts";
import { SigningError } from "./signing-errors.ts";

interface SpdxView {
  spdxVersion?: unknown;
  packages?: { SPDXID?: string; checksums?: { algorithm?: string; checksumValue?: string }[] }[];
  relationships?: { spdxElementId?: string; relationshipType?: string; relatedSpdxElement?: string }[];
}

/** The SPDX JSON document in `file`, or a SigningError saying why it is not one. */
export function readSpdxDocument(file: string): SpdxView {
  let text: string;
  try {
    text = readTextFile(file);
  } catch (err) {
    throw new SigningError(`cannot read the SBOM ${file}: ${fileErrorReason(err)}`);
  }
  let document: SpdxView;
  try {
    document = JSON.parse(text) as SpdxView;
  } catch (err) {
    throw new SigningError(`the SBOM ${file} is not JSON: ${(err as Error).message}`);
  }
  if (typeof document !== "object" || document === null || typeof document.spdxVersion !== "string" || !document.spdxVersion.startsWith("SPDX-")) {
    throw new SigningError(`the SBOM ${file} is not an SPDX JSON document: it has no spdxVersion`);
  }
  return document;
}

/** `sha256:<hex>` of the package the document describes, when it names one. */
export function describedModuleDigest(document: SpdxView): string | undefined {
  const described = document.relationships?.find((r) => r.spdxElementId === "SPDXRef-DOCUMENT" && r.relationshipType === "DESCRIBES");
  const pkg = document.packages?.find((p) => p.SPDXID === described?.relatedSpdxElement);
  const sha256 = pkg?.checksums?.find((c) => c.algorithm === "SHA256")?.checksumValue;
  return sha256 ? `sha256:${sha256}` : undefined;
}

/** The digest of the artifact's wasm layer, when its manifest has one. */
function wasmLayerDigest(manifest: Uint8Array): string | undefined {
  try {
    const layers = (JSON.parse(new TextDecoder().decode(manifest)) as { layers?: { mediaType?: string; digest?: string }[] }).layers;
    return layers?.find((l) => l.mediaType === WASM_LAYER_MEDIA_TYPE)?.digest;
  } catch {
    return undefined;
  }
}

export async function attachSbom(reference: string, sbomFile: string, signer: AttestationSigner, options: ClientOptions = {}): Promise<AttestedImage> {
  const document = readSpdxDocument(sbomFile);
  const described = describedModuleDigest(document);
  const checkSubject = (manifest: Uint8Array) => {
    const module = wasmLayerDigest(manifest);
    if (described && module && described !== module) {
      throw new SigningError(`the SBOM ${sbomFile} describes the module ${described}, but ${reference} holds the module ${module}`);
    }
  };
  return attestImage(reference, SPDX_PREDICATE_TYPE, document, signer, { ...options, checkSubject });
}
