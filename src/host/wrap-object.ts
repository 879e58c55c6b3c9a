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

export interface WrapOptions {
  operation?: AdmissionRequest["operation"];
  oldObject?: unknown;
  subResource?: string;
  /** The kind and resource under review when they differ from the object's (e.g. a pods/binding). */
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
    resource: { group, version, resource: options.resource ?? pluralOf(o.kind) },
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
