// Numbers and paths as messages show them. The standard library's toString
// handles every radix and brings its tables and error texts into each module;
// messages only need base 10.
import { JsonValue } from "./json/value";

/**
 * `n` in base 10.
 *
 * @example
 * "already runs " + decimal(count) + " pods" // "already runs 17 pods"
 */
export function decimal(n: i64): string {
  if (n == 0) return "0";
  // Digits are made from the negative value, which also holds i64's minimum.
  let rest = n < 0 ? n : -n;
  let out = "";
  while (rest != 0) {
    out = String.fromCharCode(0x30 - <i32>(rest % 10)) + out;
    rest /= 10;
  }
  return n < 0 ? "-" + out : out;
}

/**
 * The path of element `index` of the list at `path`, for messages.
 *
 * @example
 * elementPath("allowedSizes", 1) // "allowedSizes[1]"
 */
export function elementPath(path: string, index: i32): string {
  return path + "[" + decimal(index) + "]";
}

/**
 * A value as messages show it: "number 7", "string \"x\"", or just the type for
 * objects, arrays and absent values ("object", "missing").
 *
 * @example
 * describeValue(spec.get("replicas")) // "string \"three\""
 */
export function describeValue(value: JsonValue): string {
  return value.isObject || value.isArray || value.isAbsent ? value.typeName : value.typeName + " " + value.raw();
}

/**
 * The convention's sentence for a field of the wrong type or shape:
 * `<path> must be <wanted>, not <what it is>`.
 *
 * @example
 * reject(describeObject(request, object) + ": " + mustBe("spec.nodeName", "a node name", field), CODE_BAD_REQUEST)
 * // "Pod shop/web: spec.nodeName must be a node name, not number 7"
 */
export function mustBe(path: string, wanted: string, value: JsonValue): string {
  return path + " must be " + wanted + ", not " + describeValue(value);
}
