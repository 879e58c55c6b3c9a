// Whether a request falls under a policy's rules, as the API server decides it for a
// webhook (k8s.io/apiserver admission/plugin/webhook/predicates/rules): API group,
// version, resource with subresource (`*`, `pods/*`, `*/scale`, `*/*`), operation, scope.
import type { AdmissionRequest } from "../host/admission-request.ts";
import type { PolicyRule } from "../wasm/policy-metadata.ts";

const ANY = "*";

function listMatches(list: string[] | undefined, value: string): boolean {
  return (list ?? []).some((item) => item === ANY || item === value);
}

function splitResource(resource: string): [string, string] {
  const slash = resource.indexOf("/");
  return slash < 0 ? [resource, ""] : [resource.slice(0, slash), resource.slice(slash + 1)];
}

function resourceMatches(resources: string[] | undefined, resource: string, subResource: string): boolean {
  return (resources ?? []).some((entry) => {
    const [res, sub] = splitResource(entry);
    return (res === ANY || res === resource) && (sub === ANY || sub === subResource);
  });
}

/** A Namespace carries its own name as namespace, yet is cluster-scoped. */
export function isNamespaceRequest(request: AdmissionRequest): boolean {
  return request.resource.group === "" && request.resource.resource === "namespaces" && !request.subResource;
}

/** Whatever its subresource (status, finalize), the core v1 namespaces resource is cluster-scoped for a rule's scope. */
function isNamespaceResource(request: AdmissionRequest): boolean {
  const { group, version, resource } = request.resource;
  return group === "" && version === "v1" && resource === "namespaces";
}

function scopeMatches(scope: string | undefined, request: AdmissionRequest): boolean {
  if (scope === undefined || scope === ANY) return true;
  const clusterScoped = !request.namespace || isNamespaceResource(request);
  return scope === "Cluster" ? clusterScoped : !clusterScoped;
}

export function ruleMatches(rule: PolicyRule, request: AdmissionRequest): boolean {
  return listMatches(rule.operations, request.operation)
    && listMatches(rule.apiGroups, request.resource.group)
    && listMatches(rule.apiVersions, request.resource.version)
    && resourceMatches(rule.resources, request.resource.resource, request.subResource ?? "")
    && scopeMatches(rule.scope, request);
}

const EXEMPT_KINDS = new Set(["ValidatingWebhookConfiguration", "MutatingWebhookConfiguration", "ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding", "MutatingAdmissionPolicy", "MutatingAdmissionPolicyBinding"]);

/** The API server never sends its own admission configuration to a webhook. */
export function isExemptFromWebhooks(request: AdmissionRequest): boolean {
  return request.kind.group === "admissionregistration.k8s.io" && EXEMPT_KINDS.has(request.kind.kind);
}

/** `CREATE pods/binding (v1)`: what a skip message names. */
export function describeRequest(request: AdmissionRequest): string {
  const { group, version, resource } = request.resource;
  return `${request.operation} ${resource}${request.subResource ? `/${request.subResource}` : ""} (${group ? `${group}/` : ""}${version})`;
}
