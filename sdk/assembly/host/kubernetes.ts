// Reading the cluster through Kubewarden's kubernetes host capabilities. The
// host answers only for kinds listed in the policy's
// contextAwareResources; every failure comes back as data, never as a trap.
import { JSON } from "json-as";
import { hostCall, utf8 } from "../wapc";
import { parseJson, JsonValue } from "../json/value";

/** The body of list_resources_by_namespace, and of list_resources_all without a namespace. */
@json
class ListRequest {
  @alias("api_version")
  apiVersion: string = "";
  kind: string = "";

  @omitnull()
  namespace: string | null = null;

  @omitnull()
  @alias("label_selector")
  labelSelector: string | null = null;

  @omitnull()
  @alias("field_selector")
  fieldSelector: string | null = null;

  @omitnull()
  @alias("field_masks")
  fieldMasks: JSON.Raw | null = null;
}

@json
class GetResourceRequest {
  @alias("api_version")
  apiVersion: string = "";
  kind: string = "";
  name: string = "";

  /** Omitted for cluster-scoped kinds. */
  @omitnull()
  namespace: string | null = null;

  /** Required by the host, so always sent. */
  @alias("disable_cache")
  disableCache: bool = false;

  @omitnull()
  @alias("field_masks")
  fieldMasks: JSON.Raw | null = null;
}

/**
 * The fields to keep in each answered object (e.g. ["status.phase"]): newer
 * Kubewarden hosts send only those, older ones ignore the list. Kept as JSON
 * text, since json-as's list serialiser would cost every module kilobytes.
 */
function fieldMasksJson(masks: string[] | null): JSON.Raw | null {
  if (masks === null || masks.length == 0) return null;
  const items = new Array<string>(masks.length);
  for (let i = 0; i < masks.length; i++) items[i] = JSON.stringify(masks[i]);
  return new JSON.Raw("[" + items.join(",") + "]");
}

/** What the host answered: `value` (a List, or one object) when `ok`, else `error`. */
export class KubernetesResult {
  constructor(public ok: bool, public value: JsonValue, public error: string) {}

  /** The `items` of a List answer; empty when the call failed. */
  get items(): JsonValue[] {
    return this.value.get("items").items();
  }
}

function call(operation: string, body: string): KubernetesResult {
  const answer = hostCall("kubewarden", "kubernetes", operation, utf8(body));
  if (!answer.ok) return new KubernetesResult(false, JsonValue.missing(), answer.error);
  const doc = parseJson(answer.payload);
  if (!doc.ok) return new KubernetesResult(false, JsonValue.missing(), "the host answered " + operation + " with invalid JSON: " + doc.error!.toString());
  return new KubernetesResult(true, doc.root, "");
}

function listRequest(
  apiVersion: string, kind: string, namespace: string | null,
  labelSelector: string | null, fieldSelector: string | null, fieldMasks: string[] | null,
): string {
  const request = new ListRequest();
  request.apiVersion = apiVersion;
  request.kind = kind;
  request.namespace = namespace;
  request.labelSelector = labelSelector;
  request.fieldSelector = fieldSelector;
  request.fieldMasks = fieldMasksJson(fieldMasks);
  return JSON.stringify(request);
}

/** Lists the objects of a namespaced kind in one namespace (e.g. "v1", "Pod", "shop"). */
export function listResourcesByNamespace(
  apiVersion: string, kind: string, namespace: string,
  labelSelector: string | null = null, fieldSelector: string | null = null, fieldMasks: string[] | null = null,
): KubernetesResult {
  return call("list_resources_by_namespace", listRequest(apiVersion, kind, namespace, labelSelector, fieldSelector, fieldMasks));
}

/** Lists the objects of a kind across the cluster (also for cluster-scoped kinds). */
export function listResourcesAll(
  apiVersion: string, kind: string,
  labelSelector: string | null = null, fieldSelector: string | null = null, fieldMasks: string[] | null = null,
): KubernetesResult {
  return call("list_resources_all", listRequest(apiVersion, kind, null, labelSelector, fieldSelector, fieldMasks));
}

/**
 * Reads one object; `namespace` null for cluster-scoped kinds. The host caches
 * answers for 5 s unless `disableCache` is true.
 */
export function getResource(
  apiVersion: string, kind: string, name: string, namespace: string | null = null,
  disableCache: bool = false, fieldMasks: string[] | null = null,
): KubernetesResult {
  const request = new GetResourceRequest();
  request.apiVersion = apiVersion;
  request.kind = kind;
  request.name = name;
  request.namespace = namespace;
  request.disableCache = disableCache;
  request.fieldMasks = fieldMasksJson(fieldMasks);
  return call("get_resource", JSON.stringify(request));
}
