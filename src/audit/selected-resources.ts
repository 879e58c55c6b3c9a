// Which resources an audit lists for its policies: every resource discovery says can be
// listed and that a policy's webhook rules take for a CREATE (the rules read as the API server
// reads them, `*` included), once per group and resource (the preferred version when several
// match). A cluster-wide policy lists a namespaced resource in every namespace, an
// AdmissionPolicy only in its own.
import type { AdmissionRequest } from "../host/admission-request.ts";
import { webhookRules } from "../policyset/controller-webhook.ts";
import { ruleMatches } from "../policyset/rules.ts";
import type { PolicyRule } from "../wasm/policy-metadata.ts";
import type { AuditPolicy } from "./audit-policies.ts";
import type { ListedResource } from "./cluster-reader.ts";

/** A resource to list, where, and the policies that judge what it holds. */
export interface AuditTask {
  resource: ListedResource;
  /** Undefined: every namespace (or a cluster-scoped resource). */
  namespace?: string;
  policies: AuditPolicy[];
}

export interface DiscoveredResource extends ListedResource {
  preferred: boolean;
}

/** The CREATE request of a resource, as far as rules read it. */
function createOf(r: ListedResource): AdmissionRequest {
  return {
    uid: "", operation: "CREATE", userInfo: {},
    kind: { group: r.group, version: r.version, kind: r.kind },
    resource: { group: r.group, version: r.version, resource: r.resource },
    ...(r.namespaced ? { namespace: "audit" } : {}),
  };
}

function selects(policy: AuditPolicy, resource: ListedResource): boolean {
  const rules: PolicyRule[] = webhookRules({ namespace: policy.described.namespace, rules: policy.rules, allowInsideAdmissionControllerNamespace: false });
  const request = createOf(resource);
  return rules.some((rule) => ruleMatches(rule, request));
}

/** Per group and resource, the versions some policy selects: listed once, in the preferred version when it is one of them. */
function byResource(policies: AuditPolicy[], discovered: DiscoveredResource[]): { resource: ListedResource; selecting: AuditPolicy[] }[] {
  const groups = new Map<string, { resource: DiscoveredResource; selecting: Set<AuditPolicy> }>();
  for (const r of discovered) {
    const selecting = policies.filter((p) => selects(p, r));
    if (!selecting.length) continue;
    const key = `${r.group}/${r.resource}`;
    const entry = groups.get(key) ?? groups.set(key, { resource: r, selecting: new Set() }).get(key)!;
    if (r.preferred && !entry.resource.preferred) entry.resource = r;
    for (const p of selecting) entry.selecting.add(p);
  }
  return [...groups.values()].map(({ resource: { preferred: _, ...resource }, selecting }) => ({ resource, selecting: [...selecting].sort((a, b) => a.index - b.index) }));
}

/** The lists to make: per resource, one across all namespaces when a cluster-wide policy selects it, else one per namespace of the policies that do. */
export function auditTasks(policies: AuditPolicy[], discovered: DiscoveredResource[]): AuditTask[] {
  const tasks: AuditTask[] = [];
  for (const { resource, selecting } of byResource(policies, discovered)) {
    if (selecting.some((p) => p.described.namespace === undefined)) {
      tasks.push({ resource, policies: selecting });
      continue;
    }
    for (const namespace of new Set(selecting.map((p) => p.described.namespace!))) {
      tasks.push({ resource, namespace, policies: selecting.filter((p) => p.described.namespace === namespace) });
    }
  }
  return tasks;
}
