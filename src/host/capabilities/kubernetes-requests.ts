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

/**
 * Answers the kubernetes reads from some view of a cluster: objects (ClusterState), or a
 * live one that serve supplies to its workers through this interface.
 */
export interface KubernetesSource {
  listByNamespace(request: ListByNamespaceRequest): unknown;
  listAll(request: ListAllRequest): unknown;
  getResource(request: GetResourceRequest): unknown;
}

/** Every KubernetesSource method (the type checks none is missing), for hosts that forward them by name. */
const METHODS: Record<keyof KubernetesSource, true> = { listByNamespace: true, listAll: true, getResource: true };
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
