// The policies an audit runs: from manifests (`--policies`, read as `check` reads them) or from
// the cluster's own ClusterAdmissionPolicies, AdmissionPolicies and groups (`--from-cluster`).
// Each is loaded as `check` loads it (schema, module, settings); one that cannot be loaded is
// kept with the reason, so the audit reports `error` for what it would have judged and goes on.
// A policy with `backgroundAudit: false` is not audited, as Kubewarden's audit-scanner skips it.
import { dirname } from "node:path";
import { readPolicyDocuments, type PolicyDocument, type PolicyObject } from "../manifests/policy-documents.ts";
import type { ModuleResolver } from "../modules/module-resolver.ts";
import { loadPolicy, type LoadedPolicy, type ModuleSource } from "../policyset/policy-set.ts";
import { isNamespacedPolicyKind, type AnyPolicyKind } from "../kubewarden/policy-kinds.ts";
import type { PolicyRule } from "../wasm/policy-metadata.ts";
import type { AuditedPolicy } from "./audit-result.ts";

/** A policy as the audit plans with it: loaded, or the reason it could not be. */
export interface AuditPolicy {
  /** Its place in the plan: how the evaluating threads name it. */
  index: number;
  document: PolicyDocument;
  /** The folder of its manifest, where its relative module location is read from. */
  manifestDir?: string;
  described: AuditedPolicy;
  /** The rules its resources are chosen by: the loaded policy's, or the spec's when it could not be loaded. */
  rules: PolicyRule[];
  loaded?: LoadedPolicy;
  /** Why it could not be loaded: every object its rules select is reported as `error` with this. */
  problem?: string;
}

/** A module fetched for the plan, handed to the evaluating threads so that they fetch nothing. */
export interface FetchedModule {
  location: string;
  manifestDir?: string;
  bytes: Uint8Array;
}

export const moduleKey = (location: string, manifestDir?: string) => JSON.stringify([location, manifestDir ?? null]);

/** Whether the audit runs the policy: `backgroundAudit` is true unless the policy sets it false. */
export function isAudited(object: PolicyObject): boolean {
  return object.spec?.backgroundAudit !== false;
}

/** Whether it reads cluster objects: its contextAwareResources, or a group member's. */
function isContextAware(spec: Record<string, unknown>): boolean {
  const members = Object.values((spec.policies ?? {}) as Record<string, { contextAwareResources?: unknown[] }>);
  return [spec.contextAwareResources as unknown[] | undefined, ...members.map((m) => m?.contextAwareResources)].some((r) => Array.isArray(r) && r.length > 0);
}

export function describedPolicy(object: PolicyObject): AuditedPolicy {
  const namespaced = isNamespacedPolicyKind(object.kind as AnyPolicyKind);
  const spec = object.spec ?? {};
  const { uid, resourceVersion } = object.metadata as { uid?: string; resourceVersion?: string };
  return {
    kind: object.kind,
    name: object.metadata.name,
    ...(namespaced ? { namespace: object.metadata.namespace ?? "default" } : {}),
    mode: spec.mode === "monitor" ? "monitor" : "protect",
    annotations: { ...((object.metadata.annotations as Record<string, string> | undefined) ?? {}) },
    ...(uid ? { uid } : {}),
    ...(resourceVersion ? { resourceVersion } : {}),
    mutating: spec.mutating === true,
    contextAware: isContextAware(spec),
  };
}

function specRules(object: PolicyObject): PolicyRule[] {
  const rules = object.spec?.rules;
  return Array.isArray(rules) ? rules.filter((r): r is PolicyRule => typeof r === "object" && r !== null) : [];
}

/** A resolver that keeps the bytes of every module it hands out. */
function recording(resolver: ModuleResolver, fetched: Map<string, FetchedModule>): ModuleSource {
  return {
    load: async (location, where, manifestDir) => {
      const module = await resolver.load(location, where, manifestDir);
      fetched.set(moduleKey(location, manifestDir), { location, manifestDir, bytes: module.bytes });
      return module;
    },
  };
}

/** Loads every document; a policy that cannot be loaded keeps its reason. */
export async function planPolicies(documents: PolicyDocument[], resolver: ModuleResolver, fromFiles: boolean): Promise<{ policies: AuditPolicy[]; modules: FetchedModule[]; notAudited: PolicyObject[] }> {
  const fetched = new Map<string, FetchedModule>();
  const source = recording(resolver, fetched);
  const audited = documents.filter((d) => isAudited(d.object));
  const policies = await Promise.all(audited.map(async (document, index): Promise<AuditPolicy> => {
    const manifestDir = fromFiles ? dirname(document.source) : undefined;
    const planned = { index, document, manifestDir, described: describedPolicy(document.object) };
    try {
      const loaded = await loadPolicy(document.object, document.source, source, manifestDir);
      return { ...planned, rules: loaded.rules, loaded };
    } catch (err) {
      return { ...planned, rules: specRules(document.object), problem: (err as Error).message };
    }
  }));
  return { policies, modules: [...fetched.values()], notAudited: documents.filter((d) => !isAudited(d.object)).map((d) => d.object) };
}

/** The policy manifests in files and folders, as `check` reads them. */
export function policyFiles(paths: string[]): PolicyDocument[] {
  return readPolicyDocuments(paths, "default");
}
