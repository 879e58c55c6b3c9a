// A policy's metadata.yml, read and checked once for everyone: the build turns it into the
// module's io.kubewarden.metadata section (with kwctl's defaults), `wardenkit artifacthub`
// into an Artifact Hub package. Each check fails with one sentence naming the file.
import { existsSync } from "node:fs";
import { parse, YAMLError } from "yaml";
import { readTextFile } from "../io/text-file.ts";
import type { ContextAwareResource, PolicyRule } from "../wasm/policy-metadata.ts";

/** metadata.yml as written by hand, checked; the build adds protocolVersion and the defaults. */
export interface MetadataFile {
  rules: PolicyRule[];
  mutating: boolean;
  contextAwareResources: ContextAwareResource[];
  annotations: Record<string, string>;
  backgroundAudit?: boolean;
  executionMode?: string;
  policyType?: string;
  hostCapabilities?: string[];
  minimumKubewardenVersion?: string;
}

export class MetadataError extends Error {}

const OPERATIONS = new Set(["CREATE", "UPDATE", "DELETE", "CONNECT", "*"]);
/** What an AssemblyScript policy is: kwctl refuses a module whose metadata says otherwise. */
const EXECUTION_MODE = "kubewarden-wapc";

type Fields = Record<string, unknown>;
const isMapping = (value: unknown): value is Fields => typeof value === "object" && value !== null && !Array.isArray(value);

function stringList(value: unknown, where: string): string[] {
  if (!Array.isArray(value) || value.length === 0 || !value.every((v) => typeof v === "string")) {
    throw new MetadataError(`${where} must be a non-empty list of strings`);
  }
  if (value.includes("*") && value.length > 1) throw new MetadataError(`${where}: '*' must be alone in its list`);
  return value;
}

function checkRule(rule: unknown, where: string): PolicyRule {
  if (!isMapping(rule)) throw new MetadataError(`${where} must be a mapping`);
  const operations = stringList(rule.operations, `${where}.operations`);
  const bad = operations.find((op) => !OPERATIONS.has(op));
  if (bad) throw new MetadataError(`${where}.operations: '${bad}' is not CREATE, UPDATE, DELETE, CONNECT or *`);
  // The core group is the empty string, so apiGroups may hold "" (and "*" need not be alone).
  const { apiGroups } = rule;
  if (!Array.isArray(apiGroups) || apiGroups.length === 0 || !apiGroups.every((g) => typeof g === "string")) {
    throw new MetadataError(`${where}.apiGroups must be a non-empty list of strings`);
  }
  const checked: PolicyRule = {
    apiGroups,
    apiVersions: stringList(rule.apiVersions, `${where}.apiVersions`),
    resources: stringList(rule.resources, `${where}.resources`),
    operations,
  };
  if (rule.scope !== undefined) checked.scope = String(rule.scope);
  return checked;
}

function checkContextAware(value: unknown, file: string): ContextAwareResource[] {
  const resources = value ?? [];
  const valid = Array.isArray(resources) && resources.every((r) => isMapping(r) && typeof r.apiVersion === "string" && typeof r.kind === "string");
  if (!valid) throw new MetadataError(`${file}: contextAwareResources must be a list of {apiVersion, kind}`);
  return resources as ContextAwareResource[];
}

function checkAnnotations(value: unknown, file: string): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (!isMapping(value)) throw new MetadataError(`${file}: annotations must be a mapping of names to strings`);
  for (const [key, v] of Object.entries(value)) {
    if (typeof v !== "string") throw new MetadataError(`${file}: annotation ${key} must be a string; quote it`);
  }
  return value as Record<string, string>;
}

function checkMetadata(doc: unknown, file: string): MetadataFile {
  if (!isMapping(doc)) throw new MetadataError(`${file}: expected a mapping with rules and mutating`);
  if (!Array.isArray(doc.rules)) throw new MetadataError(`${file}: rules must be a list (it may be empty)`);
  if (typeof doc.mutating !== "boolean") throw new MetadataError(`${file}: mutating must be true or false`);
  if (doc.backgroundAudit !== undefined && typeof doc.backgroundAudit !== "boolean") throw new MetadataError(`${file}: backgroundAudit must be true or false`);
  if (doc.executionMode !== undefined && doc.executionMode !== EXECUTION_MODE) {
    throw new MetadataError(`${file}: executionMode must be ${EXECUTION_MODE} for an AssemblyScript policy`);
  }
  return {
    rules: doc.rules.map((rule, i) => checkRule(rule, `${file}: rules[${i}]`)),
    mutating: doc.mutating,
    contextAwareResources: checkContextAware(doc.contextAwareResources, file),
    annotations: checkAnnotations(doc.annotations, file),
    ...(doc.backgroundAudit !== undefined ? { backgroundAudit: doc.backgroundAudit } : {}),
    ...(doc.executionMode !== undefined ? { executionMode: EXECUTION_MODE } : {}),
    ...(doc.policyType !== undefined ? { policyType: doc.policyType as string } : {}),
    ...(Array.isArray(doc.hostCapabilities) ? { hostCapabilities: doc.hostCapabilities as string[] } : {}),
    ...(typeof doc.minimumKubewardenVersion === "string" ? { minimumKubewardenVersion: doc.minimumKubewardenVersion } : {}),
  };
}

/** Reads and checks a policy's metadata.yml (PolicySource.metadataFile). */
export function readMetadataFile(file: string): MetadataFile {
  if (!existsSync(file)) throw new MetadataError(`${file} is missing: every policy needs rules and mutating`);
  let doc: unknown;
  try {
    doc = parse(readTextFile(file));
  } catch (err) {
    if (!(err instanceof YAMLError)) throw err;
    throw new MetadataError(`${file} is not valid YAML: ${err.message.split("\n")[0]}`);
  }
  return checkMetadata(doc, file);
}
