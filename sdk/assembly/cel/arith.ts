// Arithmetic and logic. int is int64 and overflow is an error, never a wrap;
// int and double do not mix (cel-go has no such overloads).
import { CelValue, CelKind, celInt, celDouble, celString, celList, celError, celBool, noOverload, TRUE, FALSE } from "./value";

const INT_OVERFLOW = "integer overflow";

function sameNumberKinds(a: CelValue, b: CelValue): bool {
  return a.kind == b.kind && (a.kind == CelKind.Int || a.kind == CelKind.Double);
}

/** The first error of two operands, or "no such overload" (for operands the operator does not take). */
function mismatch(a: CelValue, b: CelValue): CelValue {
  if (a.isError) return a;
  return noOverload(b);
}

/** `a + b`: numbers, strings and lists. */
export function add(a: CelValue, b: CelValue): CelValue {
  if (a.isError || b.isError || a.kind != b.kind) return mismatch(a, b);
  switch (a.kind) {
    case CelKind.Int: {
      const r = a.int + b.int;
      // Overflow when both operands have the same sign and the result another.
      if (((a.int ^ r) & (b.int ^ r)) < 0) return celError(INT_OVERFLOW);
      return celInt(r);
    }
    case CelKind.Double: return celDouble(a.double + b.double);
    case CelKind.String: return celString(a.text + b.text);
    case CelKind.List: {
      const out = new Array<CelValue>();
      for (let i = 0, n = a.count; i < n; i++) out.push(a.element(i));
      for (let i = 0, n = b.count; i < n; i++) out.push(b.element(i));
      return celList(out);
    }
  }
  return mismatch(a, b);
}

/** `a - b`. */
export function sub(a: CelValue, b: CelValue): CelValue {
  if (a.isError || b.isError || !sameNumberKinds(a, b)) return mismatch(a, b);
  if (a.kind == CelKind.Double) return celDouble(a.double - b.double);
  const r = a.int - b.int;
  if (((a.int ^ b.int) & (a.int ^ r)) < 0) return celError(INT_OVERFLOW);
  return celInt(r);
}

/** `a * b`. */
export function mul(a: CelValue, b: CelValue): CelValue {
  if (a.isError || b.isError || !sameNumberKinds(a, b)) return mismatch(a, b);
  if (a.kind == CelKind.Double) return celDouble(a.double * b.double);
  const x = a.int, y = b.int;
  if ((x == -1 && y == i64.MIN_VALUE) || (y == -1 && x == i64.MIN_VALUE)) return celError(INT_OVERFLOW);
  const r = x * y;
  if (x != 0 && r / x != y) return celError(INT_OVERFLOW);
  return celInt(r);
}

/** `a / b`. */
export function div(a: CelValue, b: CelValue): CelValue {
  if (a.isError || b.isError || !sameNumberKinds(a, b)) return mismatch(a, b);
  if (a.kind == CelKind.Double) return celDouble(a.double / b.double);
  if (b.int == 0) return celError("division by zero");
  if (b.int == -1 && a.int == i64.MIN_VALUE) return celError(INT_OVERFLOW);
  return celInt(a.int / b.int);
}

/** `a % b`: ints only. */
export function mod(a: CelValue, b: CelValue): CelValue {
  if (a.isError || b.isError || a.kind != CelKind.Int || b.kind != CelKind.Int) return mismatch(a, b);
  if (b.int == 0) return celError("modulus by zero");
  if (b.int == -1 && a.int == i64.MIN_VALUE) return celError(INT_OVERFLOW);
  return celInt(a.int % b.int);
}

/** `-a`. */
export function neg(a: CelValue): CelValue {
  if (a.kind == CelKind.Double) return celDouble(-a.double);
  if (a.kind != CelKind.Int) return noOverload(a);
  if (a.int == i64.MIN_VALUE) return celError(INT_OVERFLOW);
  return celInt(-a.int);
}

/** `!a`. */
export function not(a: CelValue): CelValue {
  if (a.kind != CelKind.Bool) return noOverload(a);
  return celBool(a.int == 0);
}

/**
 * `a && b` once `a` is known not to be false (the generated code stops there):
 * false wins over an error, then the first error or non-bool.
 */
export function and(a: CelValue, b: CelValue): CelValue {
  if (b.isFalse) return FALSE;
  if (a.kind != CelKind.Bool) return noOverload(a);
  if (b.kind != CelKind.Bool) return noOverload(b);
  return TRUE;
}

/** `a || b` once `a` is known not to be true: true wins over an error. */
export function or(a: CelValue, b: CelValue): CelValue {
  if (b.isTrue) return TRUE;
  if (a.kind != CelKind.Bool) return noOverload(a);
  if (b.kind != CelKind.Bool) return noOverload(b);
  return FALSE;
}

/** The value of `c ? … : …` when `c` is neither true nor false. */
export function conditionError(c: CelValue): CelValue {
  return noOverload(c);
}
