// The static types kube-apiserver's CEL type checker gives an expression, as far
// as the compiler needs them: a validation must be a bool, a messageExpression a
// string, and operands of known, different types have no overload. `dyn` is
// what object, oldObject and params give; an operation on dyn is decided at run time.

export type CelType =
  | { kind: "bool" | "int" | "uint" | "double" | "string" | "bytes" | "null" | "timestamp" | "dyn" }
  | { kind: "list"; elem: CelType }
  | { kind: "map"; value: CelType }
  | { kind: "object"; name: string; fields: Record<string, CelType> };

export const DYN: CelType = { kind: "dyn" };
export const BOOL: CelType = { kind: "bool" };
export const INT: CelType = { kind: "int" };
export const DOUBLE: CelType = { kind: "double" };
export const STRING: CelType = { kind: "string" };
export const NULL_TYPE: CelType = { kind: "null" };
export const listOf = (elem: CelType): CelType => ({ kind: "list", elem });

const object = (name: string, fields: Record<string, CelType>): CelType => ({ kind: "object", name, fields });
const GVK = object("kubernetes.GroupVersionKind", { group: STRING, version: STRING, kind: STRING });
const GVR = object("kubernetes.GroupVersionResource", { group: STRING, version: STRING, resource: STRING });

/** `request` as k8s.io/apiserver's BuildRequestType declares it (options, a RawExtension, left out). */
export const REQUEST_TYPE = object("kubernetes.AdmissionRequest", {
  kind: GVK,
  resource: GVR,
  subResource: STRING,
  requestKind: GVK,
  requestResource: GVR,
  requestSubResource: STRING,
  name: STRING,
  namespace: STRING,
  operation: STRING,
  userInfo: object("kubernetes.UserInfo", {
    username: STRING,
    uid: STRING,
    groups: listOf(STRING),
    extra: { kind: "map", value: listOf(STRING) },
  }),
  dryRun: BOOL,
});

const TIMESTAMP: CelType = { kind: "timestamp" };
const stringMap: CelType = { kind: "map", value: STRING };

/** `namespaceObject` as BuildNamespaceType declares it (its uid field is spelt UID there). */
export const NAMESPACE_TYPE = object("kubernetes.Namespace", {
  metadata: object("kubernetes.NamespaceMetadata", {
    name: STRING, generateName: STRING, namespace: STRING, labels: stringMap, annotations: stringMap, UID: STRING,
    creationTimestamp: TIMESTAMP, deletionGracePeriodSeconds: INT, deletionTimestamp: TIMESTAMP, generation: INT,
    resourceVersion: STRING, finalizers: listOf(STRING),
  }),
  spec: object("kubernetes.NamespaceSpec", { finalizers: listOf(STRING) }),
  status: object("kubernetes.NamespaceStatus", {
    conditions: listOf(object("kubernetes.NamespaceCondition", { status: STRING, type: STRING, lastTransitionTime: TIMESTAMP, message: STRING, reason: STRING })),
    phase: STRING,
  }),
});

export function typeName(t: CelType): string {
  switch (t.kind) {
    case "list":
      return `list(${typeName(t.elem)})`;
    case "map":
      return `map(string, ${typeName(t.value)})`;
    case "object":
      return t.name;
    case "null":
      return "null_type";
    default:
      return t.kind;
  }
}

export const isDyn = (t: CelType): boolean => t.kind === "dyn";

/** Whether two types are the same (dyn matches anything). */
export function compatible(a: CelType, b: CelType): boolean {
  if (isDyn(a) || isDyn(b)) return true;
  if (a.kind !== b.kind) return false;
  if (a.kind === "list" && b.kind === "list") return compatible(a.elem, b.elem);
  if (a.kind === "map" && b.kind === "map") return compatible(a.value, b.value);
  if (a.kind === "object" && b.kind === "object") return a.name === b.name;
  return true;
}

/**
 * Whether two types are the very same, dyn only the same as dyn: the elements of a list literal
 * and the keys and values of a map literal must be, by cel-go's homogeneous aggregate literal
 * check, which Kubernetes enables.
 */
export function equivalent(a: CelType, b: CelType): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === "list" && b.kind === "list") return equivalent(a.elem, b.elem);
  if (a.kind === "map" && b.kind === "map") return equivalent(a.value, b.value);
  if (a.kind === "object" && b.kind === "object") return a.name === b.name;
  return true;
}

/** The type of a ternary or a list of elements: the common type, or dyn. */
export function join(a: CelType, b: CelType): CelType {
  if (isDyn(a) || isDyn(b)) return DYN;
  return compatible(a, b) ? a : DYN;
}
