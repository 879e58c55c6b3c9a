// Equality and ordering as cel-go defines them with Kubernetes' options:
// heterogeneous equality (values of different types are unequal, int and double
// compare by value) and cross-type numeric ordering.
import { CelValue, CelKind, celBool, celError, NO_SUCH_OVERLOAD } from "./value";
import { missingTrait } from "./arith";

function isNumber(v: CelValue): bool { return v.kind == CelKind.Int || v.kind == CelKind.Double; }

function numericValue(v: CelValue): f64 { return v.kind == CelKind.Int ? <f64>v.int : v.double; }

/** -1, 0 or 1 for an int against a double, as cel-go's compareIntDouble. */
function compareIntDouble(i: i64, d: f64): i32 {
  if (d < -9223372036854775808.0) return 1;
  if (d > 9223372036854775807.0) return -1;
  const x = <f64>i;
  return x < d ? -1 : x > d ? 1 : 0;
}

/** Code point order, which is Go's byte order of UTF-8 strings. */
export function compareStrings(a: string, b: string): i32 {
  const n = min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x == y) continue;
    // A surrogate (a code point above U+FFFF) sorts after every other UTF-16 unit.
    if (x >= 0xd800 && x <= 0xdfff) x += 0x10000;
    if (y >= 0xd800 && y <= 0xdfff) y += 0x10000;
    return x < y ? -1 : 1;
  }
  return a.length < b.length ? -1 : a.length > b.length ? 1 : 0;
}

/** Whether two values are equal (neither an error). */
export function valuesEqual(a: CelValue, b: CelValue): bool {
  if (isNumber(a) && isNumber(b)) {
    if (a.kind == CelKind.Int && b.kind == CelKind.Int) return a.int == b.int;
    if (a.kind == CelKind.Double && b.kind == CelKind.Double) return a.double == b.double;
    const d = a.kind == CelKind.Double ? a.double : b.double;
    if (isNaN(d)) return false;
    return a.kind == CelKind.Int ? compareIntDouble(a.int, d) == 0 : compareIntDouble(b.int, d) == 0;
  }
  if (a.kind != b.kind) return false;
  switch (a.kind) {
    case CelKind.Null: return true;
    case CelKind.Bool: return a.int == b.int;
    case CelKind.String: return a.text == b.text;
    case CelKind.List: {
      const n = a.count;
      if (n != b.count) return false;
      for (let i = 0; i < n; i++) if (!valuesEqual(a.element(i), b.element(i))) return false;
      return true;
    }
    case CelKind.Map: {
      if (a.count != b.count) return false;
      const keys = a.mapKeys();
      for (let i = 0; i < keys.length; i++) {
        const other = b.lookup(keys[i]);
        if (other === null || !valuesEqual(a.lookup(keys[i])!, other)) return false;
      }
      return true;
    }
  }
  return false;
}

/** The index of the first element of `list` equal to `item`, or -1. */
export function indexIn(list: CelValue, item: CelValue): i32 {
  for (let i = 0, n = list.count; i < n; i++) if (valuesEqual(list.element(i), item)) return i;
  return -1;
}

/** `a == b`. */
export function eq(a: CelValue, b: CelValue): CelValue {
  if (a.isError) return a;
  if (b.isError) return b;
  return celBool(valuesEqual(a, b));
}

/** `a != b`. */
export function ne(a: CelValue, b: CelValue): CelValue {
  if (a.isError) return a;
  if (b.isError) return b;
  return celBool(!valuesEqual(a, b));
}

const NAN_ORDER = "NaN values cannot be ordered";

/** -1, 0 or 1, or an error value when the two cannot be ordered by the operator `fn`. */
function order(fn: string, a: CelValue, b: CelValue): CelValue {
  if (a.isError) return a;
  if (b.isError) return b;
  if (a.kind == CelKind.Null || a.kind == CelKind.List || a.kind == CelKind.Map) return missingTrait(fn, a);
  if (isNumber(a) && isNumber(b)) {
    if (a.kind == CelKind.Double && isNaN(a.double)) return celError(NAN_ORDER);
    if (b.kind == CelKind.Double && isNaN(b.double)) return celError(NAN_ORDER);
    if (a.kind == CelKind.Int && b.kind == CelKind.Int) return sign(a.int < b.int ? -1 : a.int > b.int ? 1 : 0);
    if (a.kind == CelKind.Int) return sign(compareIntDouble(a.int, b.double));
    if (b.kind == CelKind.Int) return sign(-compareIntDouble(b.int, a.double));
    const x = numericValue(a), y = numericValue(b);
    return sign(x < y ? -1 : x > y ? 1 : 0);
  }
  if (a.kind != b.kind) return celError(NO_SUCH_OVERLOAD);
  if (a.kind == CelKind.String) return sign(compareStrings(a.text, b.text));
  return sign(<i32>a.int - <i32>b.int);
}

const ORDERS: StaticArray<CelValue> = [new CelValue(CelKind.Int, -1), new CelValue(CelKind.Int, 0), new CelValue(CelKind.Int, 1)];
function sign(n: i32): CelValue { return unchecked(ORDERS[n + 1]); }

/** `a < b`. */
export function lt(a: CelValue, b: CelValue): CelValue {
  const o = order("_<_", a, b);
  return o.isError ? o : celBool(o.int < 0);
}
/** `a <= b`. */
export function le(a: CelValue, b: CelValue): CelValue {
  const o = order("_<=_", a, b);
  return o.isError ? o : celBool(o.int <= 0);
}
/** `a > b`. */
export function gt(a: CelValue, b: CelValue): CelValue {
  const o = order("_>_", a, b);
  return o.isError ? o : celBool(o.int > 0);
}
/** `a >= b`. */
export function ge(a: CelValue, b: CelValue): CelValue {
  const o = order("_>=_", a, b);
  return o.isError ? o : celBool(o.int >= 0);
}

/** The order of two values for sorting (min, max, isSorted): an error value when they have none. */
export function orderOf(a: CelValue, b: CelValue): CelValue {
  return order("compare", a, b);
}
