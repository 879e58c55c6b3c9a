// Reading the cluster through Kubewarden's kubernetes host capabilities. The
// host answers only for kinds listed in the policy's contextAwareResources;
// every failure comes back as data, never as a trap.
import { JsonValue } from "../json/value";
import { JsonWriter } from "../json/write";
import { callJson, optionalString } from "./json-call";

/**
 * How to list: the selectors the API server applies, and the fields to keep in
 * each object (field masks: newer Kubewarden hosts send only those, plus each
 * object's apiVersion, kind and metadata identity; older ones ignore them).
 *
 * @example
 * listResourcesAll("v1", "Pod", { fieldSelector: "spec.nodeName=" + node, fieldMasks: ["status.phase"] });
 */
export class ListOptions {
  /** e.g. "app=web,tier!=cache"; null lists every object. */
  labelSelector: string | null = null;
  /** e.g. "spec.nodeName=node-1"; null lists every object. */
  fieldSelector: string | null = null;
  /** e.g. ["status.phase"]; null keeps whole objects. */
  fieldMasks: string[] | null = null;
}

/**
 * How to read one object: its namespace (null for cluster-scoped kinds),
 * whether to skip the host's 5 s cache, and the fields to keep.
 *
 * @example
 * getResource("v1", "ConfigMap", "limits", { namespace: "shop", disableCache: true });
 */
export class GetOptions {
  namespace: string | null = null;
  disableCache: bool = false;
  fieldMasks: string[] | null = null;
}

/**
 * What the host answered: `value` (a List, or one object) when `ok`, else
 * `error`, the first line of the host's message.
 *
 * @example
 * const result = getResource("v1", "Node", node, {});
 * if (!result.ok) return reject("node " + node + " could not be read: " + result.error, CODE_INTERNAL_ERROR);
 */
export class KubernetesResult {
  constructor(readonly ok: bool, readonly value: JsonValue, readonly error: string) {}

  /** The `items` of a List answer; empty when the call failed. */
  get items(): JsonValue {
    return this.value.get("items");
  }
}

function call(operation: string, body: string): KubernetesResult {
  return callJson<KubernetesResult>("kubernetes", operation, body);
}

function fieldMasks(out: JsonWriter, masks: string[] | null): void {
  if (masks !== null && masks.length > 0) out.key("field_masks").strings(masks);
}

function listRequest(apiVersion: string, kind: string, namespace: string | null, options: ListOptions): string {
  const out = new JsonWriter().beginObject().key("api_version").string(apiVersion).key("kind").string(kind);
  optionalString(out, "namespace", namespace);
  optionalString(out, "label_selector", options.labelSelector);
  optionalString(out, "field_selector", options.fieldSelector);
  fieldMasks(out, options.fieldMasks);
  return out.endObject().toString();
}

/**
 * Lists the objects of a namespaced kind in one namespace.
 *
 * @example
 * const pods = listResourcesByNamespace("v1", "Pod", "shop", { fieldMasks: ["status.phase"] });
 * for (let i = 0, n = pods.items.length; i < n; i++) count(pods.items.at(i));
 */
export function listResourcesByNamespace(apiVersion: string, kind: string, namespace: string, options: ListOptions = new ListOptions()): KubernetesResult {
  return call("list_resources_by_namespace", listRequest(apiVersion, kind, namespace, options));
}

/**
 * Lists the objects of a kind across the cluster (also for cluster-scoped kinds).
 *
 * @example
 * const nodes = listResourcesAll("v1", "Node", { labelSelector: "node-role.kubernetes.io/worker" });
 */
export function listResourcesAll(apiVersion: string, kind: string, options: ListOptions = new ListOptions()): KubernetesResult {
  return call("list_resources_all", listRequest(apiVersion, kind, null, options));
}

/**
 * Reads one object.
 *
 * @example
 * const node = getResource("v1", "Node", "node-1", { fieldMasks: ["metadata.labels"] });
 * const zone = node.value.path("metadata.labels").get("topology.kubernetes.io/zone").stringOr("");
 */
export function getResource(apiVersion: string, kind: string, name: string, options: GetOptions = new GetOptions()): KubernetesResult {
  const out = new JsonWriter().beginObject()
    .key("api_version").string(apiVersion).key("kind").string(kind).key("name").string(name);
  optionalString(out, "namespace", options.namespace);
  // Required by the host, so always sent.
  out.key("disable_cache").bool(options.disableCache);
  fieldMasks(out, options.fieldMasks);
  return call("get_resource", out.endObject().toString());
}
