// The comprehension macros. Each one runs cel-go's own expansion step by step
// (an accumulator, a loop condition, a step), so errors are absorbed or kept
// exactly as there: all() and exists() let false and true win over an error,
// exists_one(), map() and filter() keep an error once one occurs.
import { CelValue, CelKind, celBool, celInt, celList, celError, noOverload, TRUE, FALSE } from "./value";
import { add, and, or } from "./arith";
import { Activation } from "./activation";

/** A macro's predicate or transform, reading its variable from the activation's slot. */
export type CelBody = (a: Activation) => CelValue;

/** The values a comprehension ranges over: a list's elements or a map's keys; an error otherwise. */
function rangeOf(range: CelValue): CelValue {
  if (range.isError) return range;
  if (range.kind == CelKind.List) return range;
  if (range.kind == CelKind.Map) {
    const keys = range.mapKeys();
    const items = new Array<CelValue>(keys.length);
    for (let i = 0; i < keys.length; i++) items[i] = new CelValue(CelKind.String, 0, 0, keys[i]);
    return celList(items);
  }
  return celError("got '" + range.goTypeName + "', expected iterable type");
}

/** `range.all(x, p)`. */
export function all(a: Activation, range: CelValue, slot: i32, p: CelBody): CelValue {
  const items = rangeOf(range);
  if (items.isError) return items;
  let accu = TRUE;
  for (let i = 0, n = items.count; i < n && !accu.isFalse; i++) {
    a.setLocal(slot, items.element(i));
    const r = p(a);
    accu = accu.isFalse ? accu : and(accu, r);
  }
  return accu;
}

/** `range.exists(x, p)`. */
export function exists(a: Activation, range: CelValue, slot: i32, p: CelBody): CelValue {
  const items = rangeOf(range);
  if (items.isError) return items;
  let accu = FALSE;
  for (let i = 0, n = items.count; i < n && !accu.isTrue; i++) {
    a.setLocal(slot, items.element(i));
    accu = or(accu, p(a));
  }
  return accu;
}

/** `c ? then : accu` as the expansion writes it: an error or non-bool condition becomes the accumulator. */
function step(c: CelValue, then: CelValue, accu: CelValue): CelValue {
  if (c.isTrue) return then;
  if (c.isFalse) return accu;
  return noOverload(c);
}

/** `range.exists_one(x, p)`. */
export function existsOne(a: Activation, range: CelValue, slot: i32, p: CelBody): CelValue {
  const items = rangeOf(range);
  if (items.isError) return items;
  let accu = celInt(0);
  for (let i = 0, n = items.count; i < n; i++) {
    a.setLocal(slot, items.element(i));
    const c = p(a);
    accu = step(c, c.isTrue ? add(accu, celInt(1)) : accu, accu);
  }
  if (accu.isError) return accu;
  return celBool(accu.int == 1);
}

/** `[t]` as a list literal makes it: an error element makes the list that error. */
function single(t: CelValue): CelValue {
  return t.isError ? t : celList([t]);
}

/** `range.map(x, t)`, `range.map(x, p, t)` and `range.filter(x, p)` (t is x); `p` null for the first. */
export function mapFilter(a: Activation, range: CelValue, slot: i32, p: CelBody | null, t: CelBody): CelValue {
  const items = rangeOf(range);
  if (items.isError) return items;
  let accu = celList([]);
  for (let i = 0, n = items.count; i < n; i++) {
    a.setLocal(slot, items.element(i));
    if (p === null) {
      accu = add(accu, single(t(a)));
      continue;
    }
    const c = p(a);
    accu = step(c, c.isTrue ? add(accu, single(t(a))) : accu, accu);
  }
  return accu;
}
