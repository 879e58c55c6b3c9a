// The Kubewarden policy metadata embedded in a module's `io.kubewarden.metadata`
// custom section (compact JSON, camelCase keys).
import { customSections } from "./module-info.ts";

export const METADATA_SECTION = "io.kubewarden.metadata";

export interface PolicyRule {
  apiGroups: string[];
  apiVersions: string[];
  resources: string[];
  operations: string[];
  scope?: string;
}

export interface ContextAwareResource {
  apiVersion: string;
  kind: string;
}

export interface PolicyMetadata {
  protocolVersion: "v1" | "Unknown";
  rules: PolicyRule[];
  mutating: boolean;
  backgroundAudit: boolean;
  executionMode: string;
  policyType: string;
  contextAwareResources: ContextAwareResource[];
  annotations?: Record<string, string>;
  hostCapabilities?: string[];
  minimumKubewardenVersion?: string;
}

export class MissingMetadataError extends Error {}

/** Reads the first metadata section, as Kubewarden does. */
export function readPolicyMetadata(wasm: Uint8Array): PolicyMetadata {
  const [section] = customSections(wasm, METADATA_SECTION);
  if (!section) throw new MissingMetadataError(`the module has no ${METADATA_SECTION} section; build it with wardenkit`);
  try {
    return JSON.parse(new TextDecoder().decode(section)) as PolicyMetadata;
  } catch (err) {
    throw new MissingMetadataError(`the ${METADATA_SECTION} section is not JSON: ${(err as Error).message}`);
  }
}
