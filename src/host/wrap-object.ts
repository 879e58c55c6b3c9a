// Builds the AdmissionRequest the API server would send for an object, so a
// test case can name a plain resource instead of a full AdmissionReview.
import type { AdmissionRequest } from "./admission-request.ts";

interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; namespace?: string };
}

/** Kubernetes' plural for a kind: pods, ingresses, networkpolicies. */
export function pluralOf(kind: string): string {
  const lower = kind.toLowerCase();
  if (/(s|x|z|ch|sh)$/.test(lower)) return `${lower}es`;
  if (/[^aeiou]y$/.test(lower)) return `${lower.slice(0, -1)}ies`;
  return `${lower}s`;
}

function groupVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf("/");
  return slash < 0 ? { group: "", version: apiVersion } : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

/**
 * Built-in resources with subresources whose objects belong to another API group: a
 * deployments/scale request carries an autoscaling/v1 Scale, pods/eviction a policy/v1
 * Eviction, serviceaccounts/token an authentication.k8s.io/v1 TokenRequest, yet the request's
 * resource is the parent's (apps/v1 deployments, v1 pods, v1 serviceaccounts).
 */
const PARENT_API_VERSIONS: Record<string, string> = {
  pods: "v1", serviceaccounts: "v1", replicationcontrollers: "v1",
  deployments: "apps/v1", replicasets: "apps/v1", statefulsets: "apps/v1",
};

/** `resource` as `[group/]version/plural`, as a plural of a built-in parent, or as a plural of the object's own API. */
function resourceOf(resource: string | undefined, object: { apiVersion: string; kind: string }): AdmissionRequest["resource"] {
  if (!resource) return { ...groupVersion(object.apiVersion), resource: pluralOf(object.kind) };
  const slash = resource.lastIndexOf("/");
  if (slash >= 0) return { ...groupVersion(resource.slice(0, slash)), resource: resource.slice(slash + 1) };
  return { ...groupVersion(PARENT_API_VERSIONS[resource] ?? object.apiVersion), resource };
}

export interface WrapOptions {
  operation?: AdmissionRequest["operation"];
  oldObject?: unknown;
  subResource?: string;
  /**
   * The resource under review when it is not the object's own (a subresource's parent):
   * `apps/v1/deployments` for a Scale; a plural alone keeps the object's API group and version,
   * except for the built-in parents above.
   */
  resource?: string;
  uid?: string;
  username?: string;
}

export function wrapObject(object: unknown, options: WrapOptions = {}): AdmissionRequest {
  const o = (object ?? {}) as KubeObject;
  if (!o.apiVersion || !o.kind) throw new Error("an object to review needs apiVersion and kind");
  const { group, version } = groupVersion(o.apiVersion);
  const operation = options.operation ?? "CREATE";
  const request: AdmissionRequest = {
    uid: options.uid ?? "00000000-0000-0000-0000-000000000000",
    kind: { group, version, kind: o.kind },
    resource: resourceOf(options.resource, { apiVersion: o.apiVersion, kind: o.kind }),
    operation,
    userInfo: { username: options.username ?? "kubernetes-admin", groups: ["system:masters", "system:authenticated"] },
  };
  if (options.subResource) request.subResource = options.subResource;
  if (o.metadata?.name) request.name = o.metadata.name;
  if (o.metadata?.namespace) request.namespace = o.metadata.namespace;
  // DELETE carries the object being deleted as oldObject and no object.
  if (operation === "DELETE") request.oldObject = object;
  else request.object = object;
  if (options.oldObject !== undefined && operation !== "DELETE") request.oldObject = options.oldObject;
  return request;
}
