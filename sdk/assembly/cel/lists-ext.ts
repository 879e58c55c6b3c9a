// cel-go's lists extension (version 3, as Kubernetes 1.36 enables it): slice, flatten,
// distinct, reverse and sort, with its error texts.
import { CelValue, CelKind, celList, celError, noFunctionOverload } from "./value";
import { orderOf, valuesEqual } from "./compare";

function elements(list: CelValue, from: i32, to: i32): CelValue[] {
  const out = new Array<CelValue>();
  for (let i = from; i < to; i++) out.push(list.element(i));
  return out;
}

/** `list.slice(start, end)`. */
export function slice(list: CelValue, start: CelValue, end: CelValue): CelValue {
  if (list.kind != CelKind.List || start.kind != CelKind.Int || end.kind != CelKind.Int) return noFunctionOverload("slice", [list, start, end]);
  const s = start.int, e = end.int;
  const range = "cannot slice(" + s.toString() + ", " + e.toString() + "), ";
  if (s < 0 || e < 0) return celError(range + "negative indexes not supported");
  if (s > e) return celError(range + "start index must be less than or equal to end index");
  if (<i64>list.count < e) return celError(range + "list is length " + list.count.toString());
  return celList(elements(list, <i32>s, <i32>e));
}

function flattenInto(out: CelValue[], list: CelValue, depth: i64): void {
  for (let i = 0, n = list.count; i < n; i++) {
    const e = list.element(i);
    if (e.kind != CelKind.List || depth == 0) out.push(e);
    else flattenInto(out, e, depth - 1);
  }
}

/** `list.flatten()` (one level) and `list.flatten(depth)`. */
export function flatten(list: CelValue, depth: CelValue | null = null): CelValue {
  if (list.isError) return list;
  if (list.kind != CelKind.List || (depth !== null && depth.kind != CelKind.Int)) {
    return celError("no such overload: " + list.typeName + ".flatten(" + (depth !== null ? depth.typeName : "") + ")");
  }
  const levels = depth === null ? 1 : depth.int;
  if (levels < 0) return celError("level must be non-negative");
  const out = new Array<CelValue>();
  flattenInto(out, list, levels);
  return celList(out);
}

/**
 * What cel-go answers for `x.distinct()` of an `x` that is not a list: its binding asserts a
 * list unguarded, and the API server reports the Go panic. The first method of traits.Lister
 * a value lacks is Add, or Contains for the values that can be added.
 */
function notAList(v: CelValue): CelValue {
  if (v.isError) return v;
  const lacks = v.kind == CelKind.Null || v.kind == CelKind.Bool || v.kind == CelKind.Map ? "Add" : "Contains";
  const goType = v.kind == CelKind.Map ? "*types.baseMap" : v.goTypeName;
  return celError("internal error: interface conversion: " + goType + " is not traits.Lister: missing method " + lacks);
}

/** `list.distinct()`: the first of each group of equal elements, in order. */
export function distinct(list: CelValue): CelValue {
  if (list.kind != CelKind.List) return notAList(list);
  const out = new Array<CelValue>();
  for (let i = 0, n = list.count; i < n; i++) {
    const e = list.element(i);
    let seen = false;
    for (let j = 0; j < out.length && !seen; j++) seen = valuesEqual(e, out[j]);
    if (!seen) out.push(e);
  }
  return celList(out);
}

/** `list.reverse()`. */
export function reverse(list: CelValue): CelValue {
  if (list.kind != CelKind.List) return noFunctionOverload("reverse", [list]);
  const out = elements(list, 0, list.count);
  out.reverse();
  return celList(out);
}

const comparable = (v: CelValue): bool => v.kind == CelKind.Int || v.kind == CelKind.Double || v.kind == CelKind.String || v.kind == CelKind.Bool;

/** `list.sort()`: elements of one comparable type, in ascending order. */
export function sort(list: CelValue): CelValue {
  // A value that is not a list: cel-go asks a string to receive the call, which it cannot.
  if (list.kind != CelKind.List) return list.isError ? list : celError(list.kind == CelKind.String ? "no such overload" : "no such overload: sort");
  const n = list.count;
  if (n == 0) return list;
  const first = list.element(0);
  if (!comparable(first)) return celError("list elements must be comparable");
  const out = elements(list, 0, n);
  for (let i = 1; i < n; i++) if (out[i].kind != first.kind) return celError("list elements must have the same type");
  // Insertion sort: stable, and elements that compare equal are equal values.
  for (let i = 1; i < n; i++) {
    const e = out[i];
    let j = i - 1;
    for (; j >= 0 && orderOf(e, out[j]).int < 0; j--) out[j + 1] = out[j];
    out[j + 1] = e;
  }
  return celList(out);
}
