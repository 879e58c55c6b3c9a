// Arithmetic and logic. int is int64 and overflow is an error, never a wrap;
// int and double do not mix (cel-go has no such overloads).
import { CelValue, CelKind, celInt, celDouble, celString, celList, celError, celBool, noOverload, NO_SUCH_OVERLOAD, TRUE, FALSE } from "./value";

const INT_OVERFLOW = "integer overflow";

/**
 * cel-go's error for an operator whose left operand lacks the trait the operator
 * needs: "no such overload: _-_", or plain "no such overload" for a string (it
 * answers such calls itself).
 */
export function missingTrait(fn: string, a: CelValue): CelValue {
  return celError(a.kind == CelKind.String ? NO_SUCH_OVERLOAD : NO_SUCH_OVERLOAD + ": " + fn);
}

const isNumber = (v: CelValue): bool => v.kind == CelKind.Int || v.kind == CelKind.Double;

/**
 * Null unless the operands cannot go to a numeric operator: the first error,
 * the missing trait of the left operand, or "no such overload" for a right
 * operand of another type.
 */
function numericMismatch(fn: string, a: CelValue, b: CelValue): CelValue | null {
  if (a.isError) return a;
  if (b.isError) return b;
  if (!isNumber(a)) return missingTrait(fn, a);
  return a.kind == b.kind ? null : celError(NO_SUCH_OVERLOAD);
}

/** `a + b`: numbers, strings and lists. */
export function add(a: CelValue, b: CelValue): CelValue {
  if (a.isError) return a;
  if (b.isError) return b;
  if (a.kind != CelKind.Int && a.kind != CelKind.Double && a.kind != CelKind.String && a.kind != CelKind.List) return missingTrait("_+_", a);
  if (a.kind != b.kind) return celError(NO_SUCH_OVERLOAD);
  switch (a.kind) {
    case CelKind.Int: {
      const r = a.int + b.int;
      // Overflow when both operands have the same sign and the result another.
      if (((a.int ^ r) & (b.int ^ r)) < 0) return celError(INT_OVERFLOW);
      return celInt(r);
    }
    case CelKind.Double: return celDouble(a.double + b.double);
    case CelKind.String: return celString(a.text + b.text);
  }
  const out = new Array<CelValue>();
  for (let i = 0, n = a.count; i < n; i++) out.push(a.element(i));
  for (let i = 0, n = b.count; i < n; i++) out.push(b.element(i));
  return celList(out);
}

/** `a - b`. */
export function sub(a: CelValue, b: CelValue): CelValue {
  const bad = numericMismatch("_-_", a, b);
  if (bad !== null) return bad;
  if (a.kind == CelKind.Double) return celDouble(a.double - b.double);
  const r = a.int - b.int;
  if (((a.int ^ b.int) & (a.int ^ r)) < 0) return celError(INT_OVERFLOW);
  return celInt(r);
}

/** `a * b`. */
export function mul(a: CelValue, b: CelValue): CelValue {
  const bad = numericMismatch("_*_", a, b);
  if (bad !== null) return bad;
  if (a.kind == CelKind.Double) return celDouble(a.double * b.double);
  const x = a.int, y = b.int;
  if ((x == -1 && y == i64.MIN_VALUE) || (y == -1 && x == i64.MIN_VALUE)) return celError(INT_OVERFLOW);
  const r = x * y;
  if (x != 0 && r / x != y) return celError(INT_OVERFLOW);
  return celInt(r);
}

/** `a / b`. */
export function div(a: CelValue, b: CelValue): CelValue {
  const bad = numericMismatch("_/_", a, b);
  if (bad !== null) return bad;
  if (a.kind == CelKind.Double) return celDouble(a.double / b.double);
  if (b.int == 0) return celError("division by zero");
  if (b.int == -1 && a.int == i64.MIN_VALUE) return celError(INT_OVERFLOW);
  return celInt(a.int / b.int);
}

/** `a % b`: ints only. */
export function mod(a: CelValue, b: CelValue): CelValue {
  if (a.isError) return a;
  if (b.isError) return b;
  if (a.kind != CelKind.Int) return missingTrait("_%_", a);
  if (b.kind != CelKind.Int) return celError(NO_SUCH_OVERLOAD);
  if (b.int == 0) return celError("modulus by zero");
  if (b.int == -1 && a.int == i64.MIN_VALUE) return celError(INT_OVERFLOW);
  return celInt(a.int % b.int);
}

/** `-a`. */
export function neg(a: CelValue): CelValue {
  if (a.kind == CelKind.Double) return celDouble(-a.double);
  if (a.isError) return a;
  if (a.kind == CelKind.Bool) return celError(NO_SUCH_OVERLOAD);
  if (a.kind != CelKind.Int) return missingTrait("-_", a);
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
