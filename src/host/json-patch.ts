// RFC 6902 JSON Patch between the reviewed object and the mutated one, which
// is what policy-server returns to the API server for a mutation.

export type PatchOperation =
  | { op: "add"; path: string; value: unknown }
  | { op: "remove"; path: string }
  | { op: "replace"; path: string; value: unknown };

function pointer(path: string, key: string | number): string {
  return `${path}/${String(key).replace(/~/g, "~0").replace(/\//g, "~1")}`;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function diffInto(ops: PatchOperation[], path: string, before: unknown, after: unknown): void {
  if (isObject(before) && isObject(after)) {
    // Own keys only: "toString" or "constructor" are ordinary keys in JSON.
    for (const key of Object.keys(before)) {
      if (!Object.hasOwn(after, key)) ops.push({ op: "remove", path: pointer(path, key) });
    }
    for (const [key, value] of Object.entries(after)) {
      if (!Object.hasOwn(before, key)) ops.push({ op: "add", path: pointer(path, key), value });
      else diffInto(ops, pointer(path, key), before[key], value);
    }
    return;
  }
  if (Array.isArray(before) && Array.isArray(after) && before.length === after.length) {
    before.forEach((item, i) => diffInto(ops, pointer(path, i), item, after[i]));
    return;
  }
  if (!sameJson(before, after)) ops.push({ op: "replace", path, value: after });
}

/** The operations that turn `before` into `after`; empty when they are equal. */
export function diff(before: unknown, after: unknown): PatchOperation[] {
  const ops: PatchOperation[] = [];
  diffInto(ops, "", before, after);
  return ops;
}

/** Applies a patch produced by `diff` (used to check mutations in tests). */
export function applyPatch(document: unknown, ops: PatchOperation[]): unknown {
  let doc = structuredClone(document);
  for (const op of ops) {
    if (op.path === "") {
      if (op.op !== "remove") doc = structuredClone(op.value);
      continue;
    }
    const keys = op.path.slice(1).split("/").map((k) => k.replace(/~1/g, "/").replace(/~0/g, "~"));
    const last = keys.pop()!;
    let target = doc as Record<string, unknown>;
    for (const k of keys) target = target[k] as Record<string, unknown>;
    if (op.op === "remove") delete target[last];
    // defineProperty, so that a "__proto__" key stays data, as in parsed JSON.
    else Object.defineProperty(target, last, { value: structuredClone(op.value), enumerable: true, writable: true, configurable: true });
  }
  return doc;
}
