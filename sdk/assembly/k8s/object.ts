// Reading the parts every Kubernetes object shares.
import { JsonValue } from "../json/value";
import { ValidationRequest } from "../protocol";

/** metadata of an object; every getter tolerates absent fields. */
export class ObjectMeta {
  constructor(public value: JsonValue) {}

  static of(object: JsonValue): ObjectMeta {
    return new ObjectMeta(object.get("metadata"));
  }

  get name(): string { return this.value.get("name").stringOr(""); }
  get namespace(): string { return this.value.get("namespace").stringOr(""); }
  get labels(): JsonValue { return this.value.get("labels"); }
  get annotations(): JsonValue { return this.value.get("annotations"); }

  hasLabel(key: string): bool {
    return !this.labels.get(key).isMissing;
  }

  hasAnnotation(key: string): bool {
    return !this.annotations.get(key).isMissing;
  }

  label(key: string): string {
    return this.labels.get(key).stringOr("");
  }
}

/** "Deployment shop/web" (or "Deployment web" for cluster-scoped), for messages. */
export function describeObject(request: ValidationRequest, object: JsonValue): string {
  const meta = ObjectMeta.of(object);
  let name = meta.name;
  if (name.length == 0) name = request.name;
  if (name.length == 0) name = meta.value.get("generateName").stringOr("");
  let namespace = meta.namespace;
  if (namespace.length == 0) namespace = request.namespace;
  const kind = object.get("kind").stringOr(request.kind.kind);
  const id = namespace.length > 0 ? namespace + "/" + name : name;
  return id.length > 0 ? kind + " " + id : kind;
}
