// From a policy's metadata.yml (read and checked by src/project/metadata-file.ts) to the JSON
// that goes into the module's io.kubewarden.metadata section, with kwctl's defaults.
import { readMetadataFile } from "../project/metadata-file.ts";
import type { PolicyMetadata } from "../wasm/policy-metadata.ts";

export interface MetadataInputs {
  file: string;
  policyName: string;
  version: string;
  /** The policy README; its Settings section, without examples, becomes io.kubewarden.policy.usage when none is given. */
  readme?: string;
}

/**
 * The "## Settings" section of a README (the whole README when it has none):
 * the settings documentation, whose examples the build checks and whose prose
 * `inspect` shows.
 */
export function usageFromReadme(readme: string): string {
  const start = readme.search(/^## Settings\b/m);
  if (start < 0) return readme;
  const next = readme.slice(start + 1).search(/^## /m);
  return (next < 0 ? readme.slice(start) : readme.slice(start, start + 1 + next)).trim() + "\n";
}

const FENCED_BLOCK = /^```[^\n]*\n[\s\S]*?^```[ \t]*(?:\n|$)/gm;

/**
 * The usage text the module carries: the Settings section without its fenced
 * examples, which stay in the README. Every byte of it is in the module, and
 * the examples were up to a third of a module's metadata.
 */
export function embeddedUsage(readme: string): string {
  return usageFromReadme(readme).replace(FENCED_BLOCK, "").replace(/\n{3,}/g, "\n\n").trimEnd() + "\n";
}

export function buildMetadata({ file, policyName, version, readme }: MetadataInputs): PolicyMetadata {
  const written = readMetadataFile(file);
  const annotations = { ...written.annotations };
  annotations["io.kubewarden.policy.title"] ??= policyName;
  annotations["io.kubewarden.policy.version"] ??= version;
  if (readme !== undefined) annotations["io.kubewarden.policy.usage"] ??= embeddedUsage(readme);

  const metadata: PolicyMetadata = {
    protocolVersion: "v1",
    rules: written.rules,
    annotations,
    mutating: written.mutating,
    backgroundAudit: written.backgroundAudit ?? true,
    executionMode: "kubewarden-wapc",
    policyType: written.policyType ?? "kubernetes",
    contextAwareResources: written.contextAwareResources,
  };
  if (written.hostCapabilities) metadata.hostCapabilities = written.hostCapabilities;
  if (written.minimumKubewardenVersion !== undefined) metadata.minimumKubewardenVersion = written.minimumKubewardenVersion;
  return metadata;
}
