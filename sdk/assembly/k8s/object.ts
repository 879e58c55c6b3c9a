// Reading the parts every Kubernetes object shares.
import { JsonValue } from "../json/value";
import { ValidationRequest } from "../protocol";

/**
 * The metadata of an object; every getter tolerates absent fields, and a null
 * label or annotation counts as absent.
 *
 * @example
 * const meta = ObjectMeta.of(request.object);
 * if (!meta.hasLabel("team")) return reject(describeObject(request, request.object) + " is missing required labels team");
 */
export class ObjectMeta {
  /** `value` is the object's `metadata`; `ObjectMeta.of` finds it. */
  constructor(readonly value: JsonValue) {}

  /** The metadata of `object`. */
  static of(object: JsonValue): ObjectMeta {
    return new ObjectMeta(object.get("metadata"));
  }

  /** metadata.name, or "". */
  get name(): string { return this.value.get("name").stringOr(""); }
  /** metadata.namespace, or "". */
  get namespace(): string { return this.value.get("namespace").stringOr(""); }
  /** metadata.labels as it is (Missing when absent). */
  get labels(): JsonValue { return this.value.get("labels"); }
  /** metadata.annotations as it is (Missing when absent). */
  get annotations(): JsonValue { return this.value.get("annotations"); }

  /** Whether the label `key` is set: a null value counts as not set, an empty string as set. */
  hasLabel(key: string): bool {
    return !this.labels.get(key).isAbsent;
  }

  /** Whether the annotation `key` is set: a null value counts as not set. */
  hasAnnotation(key: string): bool {
    return !this.annotations.get(key).isAbsent;
  }

  /** The label's value, or "" when it is not set or not a string. */
  label(key: string): string {
    return this.labels.get(key).stringOr("");
  }
}

/**
 * The object as messages name it: `<Kind> <namespace>/<name>`, or
 * `<Kind> <name>` when cluster-scoped (the request's name and namespace fill
 * in what the object lacks; generateName stands in for a name not yet given).
 *
 * @example
 * reject(describeObject(request, object) + " asks for size 'xl', which is not allowed; allowed sizes: small, medium")
 * // "SQLClaim shop/orders asks for size 'xl', …"
 */
export function describeObject(request: ValidationRequest, object: JsonValue): string {
  const meta = ObjectMeta.of(object);
  let name = meta.name;
  if (name.length == 0) name = request.name;
  if (name.length == 0) name = meta.value.get("generateName").stringOr("");
  let namespace = meta.namespace;
  if (namespace.length == 0) namespace = request.namespace;
  const kind = object.get("kind").stringOr(request.kind.kind);
  if (name.length == 0) return namespace.length > 0 ? kind + " in namespace " + namespace : kind;
  return namespace.length > 0 ? kind + " " + namespace + "/" + name : kind + " " + name;
}
