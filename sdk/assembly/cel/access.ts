// Reading values: field selection, has(), indexing, `in` and size().
import { CelValue, CelKind, celBool, celInt, celString, celError } from "./value";
import { indexIn } from "./compare";
import { codePointCount } from "./strings";

function noSuchKey(key: string): CelValue {
  return celError("no such key: " + key);
}

/** cel-go's error for a list qualified by a field name or a key that is not a number. */
function badListIndex(key: CelValue): CelValue {
  return celError("unsupported index type '" + key.typeName + "' in list");
}

/** `v.field`: a map's member; an error when it has none or `v` is not a map. */
export function select(v: CelValue, field: string): CelValue {
  if (v.kind == CelKind.Map) {
    const found = v.lookup(field);
    return found !== null ? found : noSuchKey(field);
  }
  if (v.isError) return v;
  return v.kind == CelKind.List ? badListIndex(celString(field)) : noSuchKey(field);
}

/** `has(v.field)`: false on a value that is neither a map nor a list, as cel-go's presence test. */
export function has(v: CelValue, field: string): CelValue {
  if (v.kind == CelKind.Map) return celBool(v.lookup(field) !== null);
  if (v.isError) return v;
  return v.kind == CelKind.List ? badListIndex(celString(field)) : celBool(false);
}

/** `v[index]`: a list's element or a map's value. */
export function index(v: CelValue, i: CelValue): CelValue {
  if (v.isError) return v;
  if (i.isError) return i;
  if (v.kind == CelKind.Map) {
    if (i.kind != CelKind.String) return noSuchKey(keyText(i));
    return select(v, i.text);
  }
  if (v.kind == CelKind.List) {
    let n: i64;
    if (i.kind == CelKind.Int) n = i.int;
    else if (i.kind == CelKind.Double && i.double == Math.trunc(i.double) && Math.abs(i.double) <= 9007199254740992.0) n = <i64>i.double;
    else return i.kind == CelKind.Double ? celError("unsupported index value " + i.double.toString() + " in list") : badListIndex(i);
    if (n < 0 || n >= <i64>v.count) return celError("index out of bounds: " + n.toString());
    return v.element(<i32>n);
  }
  return i.kind == CelKind.String ? noSuchKey(i.text) : noSuchKey(keyText(i));
}

function keyText(k: CelValue): string {
  if (k.kind == CelKind.Int) return k.int.toString();
  if (k.kind == CelKind.Bool) return k.int != 0 ? "true" : "false";
  return k.typeName;
}

/** `x in c`: membership of a list, or a key of a map. */
export function isIn(x: CelValue, c: CelValue): CelValue {
  if (x.isError) return x;
  if (c.isError) return c;
  if (c.kind == CelKind.List) {
    return celBool(indexIn(c, x) >= 0);
  }
  if (c.kind == CelKind.Map) return celBool(x.kind == CelKind.String && c.lookup(x.text) !== null);
  return celError("no such overload");
}

/** `size(v)` and `v.size()`. */
export function size(v: CelValue): CelValue {
  if (v.kind == CelKind.String) return celInt(codePointCount(v.text));
  if (v.kind == CelKind.List || v.kind == CelKind.Map) return celInt(v.count);
  return v.isError ? v : celError("no such overload: size");
}
