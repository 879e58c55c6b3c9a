// CelValue: one value of Kubernetes' CEL, as kube-apiserver gives it to a
// ValidatingAdmissionPolicy: the request's objects are JSON (numbers written
// as integers that fit int64 are int, every other number is double), and an
// evaluation error is a value too, so && and || can absorb it.
import { JsonValue, JsonKind } from "../json/value";

export enum CelKind {
  Null,
  Bool,
  Int,
  Double,
  String,
  List,
  Map,
  Error,
}

/** cel-go's type names, as its error messages print them. */
const TYPE_NAMES: StaticArray<string> = ["null_type", "bool", "int", "double", "string", "list", "map", "error"];
/** cel-go's Go type names, printed when a comprehension ranges over a scalar. */
const GO_TYPE_NAMES: StaticArray<string> = ["types.Null", "types.Bool", "types.Int", "types.Double", "types.String", "", "", ""];

/**
 * A CEL value. Lists and maps read from the request keep their JSON and
 * convert elements only when asked; lists built by an expression hold values.
 */
export class CelValue {
  /** Made by the constructors below. */
  constructor(
    readonly kind: CelKind,
    readonly int: i64 = 0,
    readonly double: f64 = 0,
    readonly text: string = "",
    readonly json: JsonValue | null = null,
    readonly items: CelValue[] | null = null,
    readonly keys: string[] | null = null,
  ) {}

  get isError(): bool { return this.kind == CelKind.Error; }
  get isTrue(): bool { return this.kind == CelKind.Bool && this.int != 0; }
  get isFalse(): bool { return this.kind == CelKind.Bool && this.int == 0; }
  get typeName(): string { return unchecked(TYPE_NAMES[<i32>this.kind]); }
  get goTypeName(): string { return unchecked(GO_TYPE_NAMES[<i32>this.kind]); }

  /** A list's length or a map's size (0 for anything else). */
  get count(): i32 {
    if (this.kind == CelKind.List) {
      const items = this.items;
      return items !== null ? items.length : this.json!.length;
    }
    if (this.kind == CelKind.Map) {
      const keys = this.keys;
      return keys !== null ? keys.length : this.json!.length;
    }
    return 0;
  }

  /** Element `i` of a list, 0 <= i < count. */
  element(i: i32): CelValue {
    const items = this.items;
    return items !== null ? unchecked(items[i]) : fromJson(this.json!.at(i));
  }

  /** A map's keys, in document order. */
  mapKeys(): string[] {
    const keys = this.keys;
    if (keys !== null) return keys;
    const members = this.json!.members();
    const out = new Array<string>(members.length);
    for (let i = 0; i < members.length; i++) unchecked((out[i] = members[i].key));
    return out;
  }

  /** The value at `key` of a map, or null when the map has no such key. */
  lookup(key: string): CelValue | null {
    const keys = this.keys;
    if (keys !== null) {
      const i = keys.indexOf(key);
      return i < 0 ? null : unchecked(this.items![i]);
    }
    const value = this.json!.get(key);
    return value.isMissing ? null : fromJson(value);
  }
}

export const NULL = new CelValue(CelKind.Null);
export const TRUE = new CelValue(CelKind.Bool, 1);
export const FALSE = new CelValue(CelKind.Bool, 0);

export function celBool(b: bool): CelValue { return b ? TRUE : FALSE; }
export function celInt(n: i64): CelValue { return new CelValue(CelKind.Int, n); }
export function celDouble(d: f64): CelValue { return new CelValue(CelKind.Double, 0, d); }
export function celString(s: string): CelValue { return new CelValue(CelKind.String, 0, 0, s); }
export function celList(items: CelValue[]): CelValue { return new CelValue(CelKind.List, 0, 0, "", null, items); }
export function celMap(keys: string[], values: CelValue[]): CelValue { return new CelValue(CelKind.Map, 0, 0, "", null, values, keys); }
export function celError(message: string): CelValue { return new CelValue(CelKind.Error, 0, 0, message); }

export const NO_SUCH_OVERLOAD = "no such overload";

/** cel-go's error for an operator applied to types it has no overload for (an error operand is passed on). */
export function noOverload(a: CelValue): CelValue {
  return a.isError ? a : celError(NO_SUCH_OVERLOAD);
}

/** cel-go's error for a function called with argument types it has no overload for. */
export function noFunctionOverload(name: string, args: CelValue[]): CelValue {
  const types = new Array<string>();
  for (let i = 0; i < args.length; i++) {
    if (args[i].isError) return args[i];
    types.push(args[i].typeName);
  }
  return celError(NO_SUCH_OVERLOAD + ": " + name + "(" + types.join(", ") + ")");
}

/**
 * Decimal digits within int64, after a '-' (or, with `plus`, a '+'): an integer as Kubernetes
 * reads one from JSON, and (with `plus`) as Go's strconv.ParseInt(s, 10, 64) reads one.
 */
export function decimalInt(text: string, plus: bool): CelValue | null {
  const sign = text.length > 0 ? text.charCodeAt(0) : 0;
  let i = sign == 0x2d || (plus && sign == 0x2b) ? 1 : 0;
  if (i == text.length) return null;
  const negative = sign == 0x2d;
  let n: i64 = 0;
  for (; i < text.length; i++) {
    const d = text.charCodeAt(i) - 0x30;
    if (d < 0 || d > 9) return null;
    // Accumulate negatively, which also holds int64's minimum.
    if (n < (i64.MIN_VALUE + d) / 10) return null;
    n = n * 10 - d;
  }
  if (!negative) {
    if (n == i64.MIN_VALUE) return null;
    n = -n;
  }
  return celInt(n);
}

/** The CEL value of a JSON value; absent reads as null. */
export function fromJson(value: JsonValue): CelValue {
  switch (value.kind) {
    case JsonKind.Bool: return celBool(value.isTrue);
    case JsonKind.String: return celString(value.stringOr(""));
    case JsonKind.Number: {
      const n = decimalInt(value.raw(), false);
      return n !== null ? n : celDouble(value.numberOr(0));
    }
    case JsonKind.Array: return new CelValue(CelKind.List, 0, 0, "", value);
    case JsonKind.Object: return new CelValue(CelKind.Map, 0, 0, "", value);
  }
  return NULL;
}

/** A list literal: an element that is an error makes the list that error, as cel-go evaluates it. */
export function listOf(items: CelValue[]): CelValue {
  for (let i = 0; i < items.length; i++) if (items[i].isError) return items[i];
  return celList(items);
}

/**
 * A map literal of string keys, given as key, value, key, value…: the first error (in that
 * order) makes the map that error, and a key given twice keeps its last value, as cel-go
 * evaluates it.
 */
export function mapOf(entries: CelValue[]): CelValue {
  for (let i = 0; i < entries.length; i++) if (entries[i].isError) return entries[i];
  const keys = new Array<string>(), values = new Array<CelValue>();
  for (let i = 0; i < entries.length; i += 2) {
    const key = entries[i].text, at = keys.indexOf(key);
    if (at >= 0) values[at] = entries[i + 1];
    else {
      keys.push(key);
      values.push(entries[i + 1]);
    }
  }
  return celMap(keys, values);
}
