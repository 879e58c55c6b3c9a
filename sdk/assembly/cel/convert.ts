// CEL's conversions int(), double() and bool(), as cel-go's ConvertToType answers them:
// Go's strconv.ParseInt and ParseBool for strings, truncation with a range check for doubles.
// double() of a string is not here: Go's correctly rounded ParseFloat is not implemented, so the
// compiler lets through only an int or a double.
import { CelValue, CelKind, celInt, celDouble, celError, TRUE, FALSE, noFunctionOverload, decimalInt } from "./value";

function conversionError(from: string, to: string): CelValue {
  return celError("type conversion error from '" + from + "' to '" + to + "'");
}

/** `int(v)` of an int, a double (truncated; out of int64's range is `integer overflow`) or a string. */
export function toInt(v: CelValue): CelValue {
  if (v.kind == CelKind.Int) return v;
  if (v.kind == CelKind.Double) {
    const d = v.double;
    if (isNaN(d) || d <= -9223372036854775808.0 || d >= 9223372036854775807.0) return celError("integer overflow");
    return celInt(<i64>d);
  }
  if (v.kind == CelKind.String) {
    const n = decimalInt(v.text, true);
    return n !== null ? n : conversionError("string", "int");
  }
  return noFunctionOverload("int", [v]);
}

/** `double(v)` of an int or a double. */
export function toDouble(v: CelValue): CelValue {
  if (v.kind == CelKind.Double) return v;
  if (v.kind == CelKind.Int) return celDouble(<f64>v.int);
  return noFunctionOverload("double", [v]);
}

/** `bool(v)` of a bool or a string, as Go's strconv.ParseBool reads one. */
export function toBool(v: CelValue): CelValue {
  if (v.kind == CelKind.Bool) return v;
  if (v.kind != CelKind.String) return noFunctionOverload("bool", [v]);
  const s = v.text;
  if (s == "1" || s == "t" || s == "T" || s == "TRUE" || s == "true" || s == "True") return TRUE;
  if (s == "0" || s == "f" || s == "F" || s == "FALSE" || s == "false" || s == "False") return FALSE;
  return conversionError("string", "bool");
}
