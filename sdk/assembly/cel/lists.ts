// Kubernetes' lists library (k8s.io/apiserver/pkg/cel/library/lists.go):
// isSorted, sum, min, max, indexOf, lastIndexOf, with its error texts.
import { CelValue, CelKind, celBool, celInt, celDouble, celError, noOverload, noFunctionOverload, TRUE } from "./value";
import { orderOf, valuesEqual, indexIn } from "./compare";
import { add } from "./arith";
import { indexOf, lastIndexOf } from "./strings";

/** Whether cel-go's value has the Comparer trait. */
function comparable(v: CelValue): bool {
  return v.kind == CelKind.Int || v.kind == CelKind.Double || v.kind == CelKind.String || v.kind == CelKind.Bool;
}

/**
 * Null when `list` may go to the lists library's `name`: its overloads are one per element
 * type, chosen by the first element, so a list whose first element has none gets cel-go's
 * "no such overload: name(list)".
 */
function noOverloadFor(name: string, list: CelValue, first: (v: CelValue) => bool): CelValue | null {
  if (list.kind != CelKind.List) return noFunctionOverload(name, [list]);
  return list.count == 0 || first(list.element(0)) ? null : noFunctionOverload(name, [list]);
}

/** `list.isSorted()`: an element that does not compare with its predecessor is passed over, as there. */
export function isSorted(list: CelValue): CelValue {
  const bad = noOverloadFor("isSorted", list, comparable);
  if (bad !== null) return bad;
  let prev: CelValue | null = null;
  for (let i = 0, n = list.count; i < n; i++) {
    const next = list.element(i);
    if (!comparable(next)) return noOverload(next);
    if (prev !== null) {
      const o = orderOf(prev, next);
      if (!o.isError && o.int == 1) return celBool(false);
    }
    prev = next;
  }
  return TRUE;
}

const summable = (v: CelValue): bool => v.kind == CelKind.Int || v.kind == CelKind.Double;

/** `list.sum()`: from the zero of its first element's type (int for an empty list). */
export function sum(list: CelValue): CelValue {
  const bad = noOverloadFor("sum", list, summable);
  if (bad !== null) return bad;
  let acc = list.count > 0 && list.element(0).kind == CelKind.Double ? celDouble(0) : celInt(0);
  for (let i = 0, n = list.count; i < n; i++) {
    const next = list.element(i);
    if (next.kind != CelKind.Int && next.kind != CelKind.Double && next.kind != CelKind.String && next.kind != CelKind.List) return noOverload(next);
    acc = add(acc, next);
    if (acc.isError) return acc;
  }
  return acc;
}

function extreme(name: string, list: CelValue, prefer: i64): CelValue {
  const bad = noOverloadFor(name, list, comparable);
  if (bad !== null) return bad;
  let result: CelValue | null = null;
  for (let i = 0, n = list.count; i < n; i++) {
    const next = list.element(i);
    if (!comparable(next)) return noOverload(next);
    if (result === null) result = next;
    else {
      const o = orderOf(result, next);
      if (!o.isError && o.int == prefer) result = next;
    }
  }
  return result !== null ? result : celError(name + " called on empty list");
}

/** `list.min()`. */
export function listMin(list: CelValue): CelValue { return extreme("min", list, 1); }
/** `list.max()`. */
export function listMax(list: CelValue): CelValue { return extreme("max", list, -1); }

/** `list.indexOf(item)`. */
export function listIndexOf(list: CelValue, item: CelValue): CelValue {
  if (item.isError) return item;
  return celInt(indexIn(list, item));
}

/** `list.lastIndexOf(item)`. */
export function listLastIndexOf(list: CelValue, item: CelValue): CelValue {
  if (item.isError) return item;
  for (let i = list.count - 1; i >= 0; i--) if (valuesEqual(list.element(i), item)) return celInt(i);
  return celInt(-1);
}

/** `x.indexOf(…)`: the strings extension's on a string, the lists library's on a list. */
export function indexOfAny(receiver: CelValue, item: CelValue, offset: CelValue | null = null): CelValue {
  if (receiver.kind == CelKind.List && offset === null) return listIndexOf(receiver, item);
  if (receiver.kind == CelKind.String) return indexOf(receiver, item, offset);
  return noFunctionOverload("indexOf", offset === null ? [receiver, item] : [receiver, item, offset]);
}

/** `x.lastIndexOf(…)`: the strings extension's on a string, the lists library's on a list. */
export function lastIndexOfAny(receiver: CelValue, item: CelValue, offset: CelValue | null = null): CelValue {
  if (receiver.kind == CelKind.List && offset === null) return listLastIndexOf(receiver, item);
  if (receiver.kind == CelKind.String) return lastIndexOf(receiver, item, offset);
  return noFunctionOverload("lastIndexOf", offset === null ? [receiver, item] : [receiver, item, offset]);
}

function has(list: CelValue, item: CelValue): bool {
  return indexIn(list, item) >= 0;
}

/** cel-go's sets extension: `sets.contains(list, sublist)`, every element of `sublist` in `list`. */
export function setsContains(list: CelValue, sublist: CelValue): CelValue {
  if (list.kind != CelKind.List || sublist.kind != CelKind.List) return noFunctionOverload("sets.contains", [list, sublist]);
  for (let i = 0, n = sublist.count; i < n; i++) if (!has(list, sublist.element(i))) return celBool(false);
  return TRUE;
}

/** `sets.intersects(a, b)`: an element of `a` is in `b`. */
export function setsIntersects(a: CelValue, b: CelValue): CelValue {
  if (a.kind != CelKind.List || b.kind != CelKind.List) return noFunctionOverload("sets.intersects", [a, b]);
  for (let i = 0, n = a.count; i < n; i++) if (has(b, a.element(i))) return TRUE;
  return celBool(false);
}

/** `sets.equivalent(a, b)`: each contains the other. */
export function setsEquivalent(a: CelValue, b: CelValue): CelValue {
  if (a.kind != CelKind.List || b.kind != CelKind.List) return noFunctionOverload("sets.equivalent", [a, b]);
  const ab = setsContains(a, b);
  return ab.isTrue ? setsContains(b, a) : ab;
}
