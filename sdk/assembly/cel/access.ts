// Reading values: field selection, has(), indexing, `in` and size().
import { CelValue, CelKind, celBool, celInt, celError, noOverload, noFunctionOverload } from "./value";
import { valuesEqual } from "./compare";
import { codePointCount } from "./strings";

function noSuchKey(key: string): CelValue {
  return celError("no such key: " + key);
}

/** `v.field`: a map's member; an error when it has none. */
export function select(v: CelValue, field: string): CelValue {
  if (v.kind != CelKind.Map) return v.isError ? v : noSuchKey(field);
  const found = v.lookup(field);
  return found !== null ? found : noSuchKey(field);
}

/** `has(v.field)`. */
export function has(v: CelValue, field: string): CelValue {
  if (v.kind != CelKind.Map) return noOverload(v);
  return celBool(v.lookup(field) !== null);
}

/** `v[index]`: a list's element or a map's value. */
export function index(v: CelValue, i: CelValue): CelValue {
  if (v.isError) return v;
  if (i.isError) return i;
  if (v.kind == CelKind.Map) {
    if (i.kind != CelKind.String) return celError("no such key: " + keyText(i));
    return select(v, i.text);
  }
  if (v.kind == CelKind.List) {
    let n: i64;
    if (i.kind == CelKind.Int) n = i.int;
    else if (i.kind == CelKind.Double && i.double == Math.trunc(i.double) && Math.abs(i.double) < 9.007199254740992e15) n = <i64>i.double;
    else return celError("unsupported index type '" + i.typeName + "' in list");
    const size = v.count;
    if (n < 0 || n >= size) return celError("index '" + n.toString() + "' out of range in list size '" + size.toString() + "'");
    return v.element(<i32>n);
  }
  return noOverload(v);
}

function keyText(k: CelValue): string {
  if (k.kind == CelKind.Int) return k.int.toString();
  if (k.kind == CelKind.Bool) return k.int != 0 ? "true" : "false";
  if (k.kind == CelKind.Null) return "<nil>";
  return k.typeName;
}

/** `x in c`: membership of a list, or a key of a map. */
export function isIn(x: CelValue, c: CelValue): CelValue {
  if (x.isError) return x;
  if (c.isError) return c;
  if (c.kind == CelKind.List) {
    for (let i = 0, n = c.count; i < n; i++) if (valuesEqual(c.element(i), x)) return celBool(true);
    return celBool(false);
  }
  if (c.kind == CelKind.Map) return celBool(x.kind == CelKind.String && c.lookup(x.text) !== null);
  return noFunctionOverload("@in", [x, c]);
}

/** `size(v)` and `v.size()`. */
export function size(v: CelValue): CelValue {
  if (v.kind == CelKind.String) return celInt(codePointCount(v.text));
  if (v.kind == CelKind.List || v.kind == CelKind.Map) return celInt(v.count);
  return noFunctionOverload("size", [v]);
}
