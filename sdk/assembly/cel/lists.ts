// Kubernetes' lists library (k8s.io/apiserver/pkg/cel/library/lists.go):
// isSorted, sum, min, max, indexOf, lastIndexOf, with its error texts.
import { CelValue, CelKind, celBool, celInt, celError, noOverload, noFunctionOverload, TRUE } from "./value";
import { orderOf, valuesEqual } from "./compare";
import { add } from "./arith";
import { indexOf } from "./strings";

/** Whether cel-go's value has the Comparer trait. */
function comparable(v: CelValue): bool {
  return v.kind == CelKind.Int || v.kind == CelKind.Double || v.kind == CelKind.String || v.kind == CelKind.Bool;
}

/** `list.isSorted()`: an element that does not compare with its predecessor is passed over, as there. */
export function isSorted(list: CelValue): CelValue {
  if (list.kind != CelKind.List) return noFunctionOverload("isSorted", [list]);
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

/** `list.sum()` of ints: 0 for an empty list. */
export function sum(list: CelValue): CelValue {
  if (list.kind != CelKind.List) return noFunctionOverload("sum", [list]);
  let acc = celInt(0);
  for (let i = 0, n = list.count; i < n; i++) {
    const next = list.element(i);
    if (next.kind != CelKind.Int && next.kind != CelKind.Double && next.kind != CelKind.String && next.kind != CelKind.List) return noOverload(next);
    acc = add(acc, next);
    if (acc.isError) return acc;
  }
  return acc;
}

function extreme(name: string, list: CelValue, prefer: i64): CelValue {
  if (list.kind != CelKind.List) return noFunctionOverload(name, [list]);
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
  for (let i = 0, n = list.count; i < n; i++) if (valuesEqual(list.element(i), item)) return celInt(i);
  return celInt(-1);
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
