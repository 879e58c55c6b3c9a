// The JSON bodies of Kubewarden's kubernetes host capabilities,
// checked the way the real host's deserializer checks them.
import { HostCallError } from "../guest.ts";
import { jsonPayload } from "./json-payload.ts";

export interface ListByNamespaceRequest {
  api_version: string;
  kind: string;
  namespace: string;
  label_selector?: string | null;
  field_selector?: string | null;
  field_masks?: string[] | null;
}

export type ListAllRequest = Omit<ListByNamespaceRequest, "namespace">;

export interface GetResourceRequest {
  api_version: string;
  kind: string;
  name: string;
  namespace?: string | null;
  disable_cache: boolean;
  field_masks?: string[] | null;
}

/** The body of `kubernetes/can_i`: the spec of a SubjectAccessReview, in policy-evaluator's snake case. */
export interface CanIRequest {
  subject_access_review: {
    user: string;
    groups?: string[] | null;
    resource_attributes: {
      resource: string;
      verb: string;
      group?: string | null;
      name?: string | null;
      namespace?: string | null;
      subresource?: string | null;
      version?: string | null;
    };
  };
  disable_cache: boolean;
}

/**
 * Answers the kubernetes reads from some view of a cluster: objects (ClusterState), or a
 * live one that serve supplies to its workers through this interface.
 */
export interface KubernetesSource {
  listByNamespace(request: ListByNamespaceRequest): unknown;
  listAll(request: ListAllRequest): unknown;
  getResource(request: GetResourceRequest): unknown;
  /** A SubjectAccessReview's status; only a source that can ask a cluster has it. */
  canI?(request: CanIRequest): unknown;
}

/** Every KubernetesSource method (the type checks none is missing), for hosts that forward them by name. */
const METHODS: Record<keyof KubernetesSource, true> = { listByNamespace: true, listAll: true, getResource: true, canI: true };
export const KUBERNETES_SOURCE_METHODS = Object.keys(METHODS) as (keyof KubernetesSource)[];

function requireString(body: Record<string, unknown>, field: string, operation: string): void {
  if (typeof body[field] !== "string" || body[field] === "") {
    throw new HostCallError(`invalid ${operation} request: missing field \`${field}\``);
  }
}

function optionalString(body: Record<string, unknown>, field: string, operation: string): void {
  const v = body[field];
  if (v !== undefined && v !== null && typeof v !== "string") {
    throw new HostCallError(`invalid ${operation} request: \`${field}\` must be a string`);
  }
}

export function parseKubernetesRequest(operation: string, payload: Uint8Array): Record<string, unknown> {
  const b = jsonPayload(operation, payload, "object") as Record<string, unknown>;
  requireString(b, "api_version", operation);
  requireString(b, "kind", operation);
  for (const f of ["label_selector", "field_selector"]) optionalString(b, f, operation);
  if (operation === "list_resources_by_namespace") requireString(b, "namespace", operation);
  if (operation === "get_resource") {
    requireString(b, "name", operation);
    optionalString(b, "namespace", operation);
    if (typeof b.disable_cache !== "boolean") throw new HostCallError("invalid get_resource request: missing field `disable_cache`");
  }
  return b;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

export function parseCanIRequest(payload: Uint8Array): CanIRequest {
  const operation = "can_i";
  const b = jsonPayload(operation, payload, "object") as Record<string, unknown>;
  const review = b.subject_access_review;
  if (!isObject(review)) throw new HostCallError("invalid can_i request: missing field `subject_access_review`");
  requireString(review, "user", operation);
  if (review.groups !== undefined && review.groups !== null && !(Array.isArray(review.groups) && review.groups.every((g) => typeof g === "string"))) {
    throw new HostCallError("invalid can_i request: `groups` must be a list of strings");
  }
  const attributes = review.resource_attributes;
  if (!isObject(attributes)) throw new HostCallError("invalid can_i request: missing field `resource_attributes`");
  requireString(attributes, "resource", operation);
  requireString(attributes, "verb", operation);
  for (const f of ["group", "name", "namespace", "subresource", "version"]) optionalString(attributes, f, operation);
  if (typeof b.disable_cache !== "boolean") throw new HostCallError("invalid can_i request: missing field `disable_cache`");
  return b as unknown as CanIRequest;
}
