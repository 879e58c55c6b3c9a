// From a policy's metadata.yml to the JSON that goes into the module's
// io.kubewarden.metadata section, with kwctl's defaults and checks.
import { existsSync } from "node:fs";
import { readTextFile } from "../text-file.ts";
import { parseYaml, YamlError } from "../yaml-on-demand.ts";
import type { PolicyMetadata, PolicyRule } from "../wasm/policy-metadata.ts";

const OPERATIONS = new Set(["CREATE", "UPDATE", "DELETE", "CONNECT", "*"]);

export class MetadataError extends Error {}

function stringList(value: unknown, where: string): string[] {
  if (!Array.isArray(value) || value.length === 0 || !value.every((v) => typeof v === "string")) {
    throw new MetadataError(`${where} must be a non-empty list of strings`);
  }
  if (value.includes("*") && value.length > 1) throw new MetadataError(`${where}: '*' must be alone in its list`);
  return value;
}

function checkRules(rules: unknown, file: string): PolicyRule[] {
  if (!Array.isArray(rules)) throw new MetadataError(`${file}: rules must be a list`);
  return rules.map((rule, i) => {
    const where = `${file}: rules[${i}]`;
    if (typeof rule !== "object" || rule === null) throw new MetadataError(`${where} must be a mapping`);
    const r = rule as Record<string, unknown>;
    const operations = stringList(r.operations, `${where}.operations`);
    const bad = operations.find((op) => !OPERATIONS.has(op));
    if (bad) throw new MetadataError(`${where}.operations: '${bad}' is not CREATE, UPDATE, DELETE, CONNECT or *`);
    if (Array.isArray(r.apiGroups) && r.apiGroups.every((g) => typeof g === "string") && r.apiGroups.length > 0) {
      // The core group is the empty string, so apiGroups may hold "".
    } else throw new MetadataError(`${where}.apiGroups must be a non-empty list of strings`);
    const out: PolicyRule = {
      apiGroups: r.apiGroups as string[],
      apiVersions: stringList(r.apiVersions, `${where}.apiVersions`),
      resources: stringList(r.resources, `${where}.resources`),
      operations,
    };
    if (r.scope !== undefined) out.scope = String(r.scope);
    return out;
  });
}

export interface MetadataInputs {
  file: string;
  policyName: string;
  version: string;
  /** The policy README; its Settings section becomes io.kubewarden.policy.usage when none is given. */
  readme?: string;
}

/**
 * The "## Settings" section of a README (the whole README when it has none):
 * usage is the settings documentation `inspect` shows, and every byte of it
 * travels inside the module.
 */
export function usageFromReadme(readme: string): string {
  const start = readme.search(/^## Settings\b/m);
  if (start < 0) return readme;
  const next = readme.slice(start + 1).search(/^## /m);
  return (next < 0 ? readme.slice(start) : readme.slice(start, start + 1 + next)).trim() + "\n";
}

export function buildMetadata({ file, policyName, version, readme }: MetadataInputs): PolicyMetadata {
  if (!existsSync(file)) throw new MetadataError(`${file} is missing: every policy needs rules and mutating`);
  let doc: Record<string, unknown>;
  try {
    doc = (parseYaml(readTextFile(file)) ?? {}) as Record<string, unknown>;
  } catch (err) {
    throw new MetadataError(err instanceof YamlError ? err.about(file) : (err as Error).message);
  }
  if (typeof doc.mutating !== "boolean") throw new MetadataError(`${file}: mutating must be true or false`);
  const contextAware = (doc.contextAwareResources ?? []) as unknown[];
  if (!Array.isArray(contextAware) || !contextAware.every((r) => typeof (r as Record<string, unknown>)?.apiVersion === "string" && typeof (r as Record<string, unknown>)?.kind === "string")) {
    throw new MetadataError(`${file}: contextAwareResources must be a list of {apiVersion, kind}`);
  }
  const annotations: Record<string, string> = {};
  for (const [k, v] of Object.entries((doc.annotations ?? {}) as Record<string, unknown>)) {
    if (typeof v !== "string") throw new MetadataError(`${file}: annotation ${k} must be a string`);
    annotations[k] = v;
  }
  annotations["io.kubewarden.policy.title"] ??= policyName;
  annotations["io.kubewarden.policy.version"] ??= version;
  if (readme !== undefined) annotations["io.kubewarden.policy.usage"] ??= usageFromReadme(readme);

  const metadata: PolicyMetadata = {
    protocolVersion: "v1",
    rules: checkRules(doc.rules, file),
    annotations,
    mutating: doc.mutating,
    backgroundAudit: doc.backgroundAudit === undefined ? true : Boolean(doc.backgroundAudit),
    executionMode: "kubewarden-wapc",
    policyType: (doc.policyType as string) ?? "kubernetes",
    contextAwareResources: contextAware as PolicyMetadata["contextAwareResources"],
  };
  if (doc.executionMode !== undefined && doc.executionMode !== "kubewarden-wapc") {
    throw new MetadataError(`${file}: executionMode must be kubewarden-wapc for an AssemblyScript policy`);
  }
  if (Array.isArray(doc.hostCapabilities)) metadata.hostCapabilities = doc.hostCapabilities as string[];
  if (typeof doc.minimumKubewardenVersion === "string") metadata.minimumKubewardenVersion = doc.minimumKubewardenVersion;
  return metadata;
}
