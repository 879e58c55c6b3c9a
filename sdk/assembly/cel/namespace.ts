// namespaceObject: the request's namespace as kube-apiserver gives it to CEL
// (CreateNamespaceObject, then ToUnstructured): its spec and status, and only
// these metadata fields, each left out when empty (creationTimestamp is null
// then). Read through the kubernetes/get_resource capability, so a policy
// that uses it lists v1 Namespace in its contextAwareResources.
import { JsonValue, JsonKind } from "../json/value";
import { ValidationRequest } from "../protocol";
import { getResource } from "../host/kubernetes";
import { CelValue, celMap, celError, fromJson, NULL } from "./value";

const METADATA_FIELDS = [
  "name", "generateName", "namespace", "uid", "resourceVersion", "generation", "creationTimestamp",
  "deletionTimestamp", "deletionGracePeriodSeconds", "labels", "annotations", "finalizers",
];

/** Go's omitempty: an empty string, zero, empty list or map, or null. */
function isEmpty(v: JsonValue): bool {
  switch (v.kind) {
    case JsonKind.String: return v.stringOr("").length == 0;
    case JsonKind.Number: return v.numberOr(0) == 0;
    case JsonKind.Bool: return !v.isTrue;
    case JsonKind.Array:
    case JsonKind.Object: return v.length == 0;
  }
  return true;
}

/** Its members without the empty ones, as an object's fields with omitempty are converted. */
function withoutEmpty(json: JsonValue): CelValue {
  const keys = new Array<string>(), values = new Array<CelValue>();
  const members = json.members();
  for (let i = 0; i < members.length; i++) {
    if (isEmpty(members[i].value)) continue;
    keys.push(members[i].key);
    values.push(fromJson(members[i].value));
  }
  return celMap(keys, values);
}

function metadataOf(json: JsonValue): CelValue {
  const keys = new Array<string>(), values = new Array<CelValue>();
  for (let i = 0; i < METADATA_FIELDS.length; i++) {
    const key = METADATA_FIELDS[i];
    const value = json.get(key);
    // creationTimestamp is a struct: never left out, null when zero.
    if (key == "creationTimestamp") {
      keys.push(key);
      values.push(fromJson(value));
    } else if (!isEmpty(value)) {
      keys.push(key);
      values.push(fromJson(value));
    }
  }
  return celMap(keys, values);
}

/** The namespaceObject of `request`: null for cluster-scoped requests and for a Namespace itself. */
export function namespaceObjectOf(request: ValidationRequest): CelValue {
  const name = request.namespace;
  const kind = request.kind;
  if (name.length == 0 || (kind.group.length == 0 && kind.version == "v1" && kind.kind == "Namespace")) return NULL;
  const result = getResource("v1", "Namespace", name);
  if (!result.ok) return celError("namespace " + name + " could not be read: " + result.error);
  const ns = result.value;
  return celMap(["metadata", "spec", "status"], [metadataOf(ns.get("metadata")), withoutEmpty(ns.get("spec")), withoutEmpty(ns.get("status"))]);
}
