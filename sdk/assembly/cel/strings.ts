// The string functions of CEL's standard library and of cel-go's strings
// extension (version 2, as Kubernetes enables it). Indexes count code points,
// as Go's []rune does, not UTF-16 units.
import { CelValue, CelKind, celBool, celInt, celString, celList, celError, noFunctionOverload } from "./value";

/** The code points of `s`. */
function runes(s: string): i32[] {
  const out = new Array<i32>();
  for (let i = 0; i < s.length; i++) {
    const c = s.codePointAt(i);
    out.push(c);
    if (c > 0xffff) i++;
  }
  return out;
}

function fromRunes(r: i32[], from: i32, to: i32): string {
  let s = "";
  for (let i = from; i < to; i++) s += String.fromCodePoint(r[i]);
  return s;
}

export function codePointCount(s: string): i32 {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xdc00 || c > 0xdfff || i == 0 || s.charCodeAt(i - 1) < 0xd800 || s.charCodeAt(i - 1) > 0xdbff) n++;
  }
  return n;
}

function bothStrings(name: string, a: CelValue, b: CelValue): CelValue | null {
  return a.kind == CelKind.String && b.kind == CelKind.String ? null : noFunctionOverload(name, [a, b]);
}

/** `s.startsWith(p)`. */
export function startsWith(s: CelValue, p: CelValue): CelValue {
  const bad = bothStrings("startsWith", s, p);
  return bad !== null ? bad : celBool(s.text.startsWith(p.text));
}
/** `s.endsWith(p)`. */
export function endsWith(s: CelValue, p: CelValue): CelValue {
  const bad = bothStrings("endsWith", s, p);
  return bad !== null ? bad : celBool(s.text.endsWith(p.text));
}
/** `s.contains(p)`. */
export function contains(s: CelValue, p: CelValue): CelValue {
  const bad = bothStrings("contains", s, p);
  return bad !== null ? bad : celBool(s.text.includes(p.text));
}

function mapAscii(s: string, upper: bool): string {
  let out = "";
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (upper && c >= 0x61 && c <= 0x7a) c -= 0x20;
    else if (!upper && c >= 0x41 && c <= 0x5a) c += 0x20;
    out += String.fromCharCode(c);
  }
  return out;
}

/** `s.lowerAscii()`. */
export function lowerAscii(s: CelValue): CelValue {
  return s.kind == CelKind.String ? celString(mapAscii(s.text, false)) : noFunctionOverload("lowerAscii", [s]);
}
/** `s.upperAscii()`. */
export function upperAscii(s: CelValue): CelValue {
  return s.kind == CelKind.String ? celString(mapAscii(s.text, true)) : noFunctionOverload("upperAscii", [s]);
}

/** Go's unicode.IsSpace. */
function isSpace(c: i32): bool {
  if (c <= 0xff) return c == 0x20 || (c >= 0x09 && c <= 0x0d) || c == 0x85 || c == 0xa0;
  return c == 0x1680 || (c >= 0x2000 && c <= 0x200a) || c == 0x2028 || c == 0x2029 || c == 0x202f || c == 0x205f || c == 0x3000;
}

/** `s.trim()`: Go's strings.TrimSpace. */
export function trim(s: CelValue): CelValue {
  if (s.kind != CelKind.String) return noFunctionOverload("trim", [s]);
  const r = runes(s.text);
  let from = 0, to = r.length;
  while (from < to && isSpace(r[from])) from++;
  while (to > from && isSpace(r[to - 1])) to--;
  return celString(fromRunes(r, from, to));
}

function outOfRange(n: i64): CelValue {
  return celError("index out of range: " + n.toString());
}

/** `s.indexOf(sub)` and `s.indexOf(sub, offset)`. */
export function indexOf(s: CelValue, sub: CelValue, offset: CelValue | null = null): CelValue {
  const args = offset === null ? [s, sub] : [s, sub, offset];
  if (s.kind != CelKind.String || sub.kind != CelKind.String || (offset !== null && offset.kind != CelKind.Int)) return noFunctionOverload("indexOf", args);
  const off = offset === null ? 0 : offset.int;
  if (sub.text.length == 0) return celInt(off);
  if (off < 0) return outOfRange(off);
  const r = runes(s.text), p = runes(sub.text);
  if (off >= r.length) return celInt(-1);
  for (let i = <i32>off; i < r.length - (p.length - 1); i++) if (matchesAt(r, p, i)) return celInt(i);
  return celInt(-1);
}

function matchesAt(r: i32[], p: i32[], i: i32): bool {
  for (let j = 0; j < p.length; j++) if (r[i + j] != p[j]) return false;
  return true;
}

/** `s.lastIndexOf(sub)` and `s.lastIndexOf(sub, offset)`: the last match starting at or before `offset`. */
export function lastIndexOf(s: CelValue, sub: CelValue, offset: CelValue | null = null): CelValue {
  const args = offset === null ? [s, sub] : [s, sub, offset];
  if (s.kind != CelKind.String || sub.kind != CelKind.String || (offset !== null && offset.kind != CelKind.Int)) return noFunctionOverload("lastIndexOf", args);
  const r = runes(s.text), p = runes(sub.text);
  if (offset === null && p.length == 0) return celInt(r.length);
  const off = offset === null ? <i64>r.length - 1 : offset.int;
  if (p.length == 0) return celInt(off);
  if (off < 0) return offset === null ? celInt(-1) : outOfRange(off);
  if (off >= r.length) return celInt(-1);
  for (let i = min(<i32>off, r.length - p.length); i >= 0; i--) if (matchesAt(r, p, i)) return celInt(i);
  return celInt(-1);
}

/** `s.charAt(i)`: the code point at `i`, "" at the end. */
export function charAt(s: CelValue, at: CelValue): CelValue {
  if (s.kind != CelKind.String || at.kind != CelKind.Int) return noFunctionOverload("charAt", [s, at]);
  const r = runes(s.text);
  if (at.int < 0 || at.int > <i64>r.length) return outOfRange(at.int);
  return celString(at.int == <i64>r.length ? "" : String.fromCodePoint(r[<i32>at.int]));
}

/** `s.substring(start)` and `s.substring(start, end)`. */
export function substring(s: CelValue, start: CelValue, end: CelValue | null = null): CelValue {
  const args = end === null ? [s, start] : [s, start, end];
  if (s.kind != CelKind.String || start.kind != CelKind.Int || (end !== null && end.kind != CelKind.Int)) return noFunctionOverload("substring", args);
  const r = runes(s.text);
  const l = <i64>r.length;
  const from = start.int;
  const to = end === null ? l : end.int;
  if (end !== null && from > to) return celError("invalid substring range. start: " + from.toString() + ", end: " + to.toString());
  if (from < 0 || from > l) return outOfRange(from);
  if (to < 0 || to > l) return outOfRange(to);
  return celString(fromRunes(r, <i32>from, <i32>to));
}

/** Go's strings.SplitN: n < 0 all, 0 none, else at most n parts; "" splits into code points. */
function splitN(s: string, sep: string, n: i64): string[] {
  const out = new Array<string>();
  if (n == 0) return out;
  if (sep.length == 0) {
    const r = runes(s);
    for (let i = 0; i < r.length; i++) {
      if (n > 0 && <i64>out.length == n - 1) { out.push(fromRunes(r, i, r.length)); return out; }
      out.push(String.fromCodePoint(r[i]));
    }
    return out;
  }
  let from = 0;
  while (n < 0 || <i64>out.length < n - 1) {
    const at = s.indexOf(sep, from);
    if (at < 0) break;
    out.push(s.substring(from, at));
    from = at + sep.length;
  }
  out.push(s.substring(from));
  return out;
}

function stringList(parts: string[]): CelValue {
  const items = new Array<CelValue>(parts.length);
  for (let i = 0; i < parts.length; i++) items[i] = celString(parts[i]);
  return celList(items);
}

/** `s.split(sep)` and `s.split(sep, n)`. */
export function split(s: CelValue, sep: CelValue, n: CelValue | null = null): CelValue {
  const args = n === null ? [s, sep] : [s, sep, n];
  if (s.kind != CelKind.String || sep.kind != CelKind.String || (n !== null && n.kind != CelKind.Int)) return noFunctionOverload("split", args);
  return stringList(splitN(s.text, sep.text, n === null ? -1 : n.int));
}

/** Go's strings.Replace: at most n replacements (all when n < 0); "" matches before each code point and at the end. */
function replaceN(s: string, old: string, by: string, n: i64): string {
  if (n == 0 || old == by) return s;
  const parts = splitN(s, old, n < 0 ? -1 : n + 1);
  if (old.length == 0) {
    // Split on "" gives the code points; Go also puts `by` before the first and after the last.
    if (s.length == 0) return by;
    let out = "";
    for (let i = 0; i < parts.length; i++) {
      if (n < 0 || <i64>i < n) out += by;
      out += parts[i];
    }
    return n < 0 || <i64>parts.length < n ? out + by : out;
  }
  return parts.join(by);
}

/** `s.replace(old, new)` and `s.replace(old, new, n)`. */
export function replace(s: CelValue, old: CelValue, by: CelValue, n: CelValue | null = null): CelValue {
  const args = n === null ? [s, old, by] : [s, old, by, n];
  if (s.kind != CelKind.String || old.kind != CelKind.String || by.kind != CelKind.String || (n !== null && n.kind != CelKind.Int)) return noFunctionOverload("replace", args);
  return celString(replaceN(s.text, old.text, by.text, n === null ? -1 : n.int));
}

/** A value as Go's %v prints it, for the values whose printing is implemented. */
function goValue(v: CelValue): string {
  if (v.kind == CelKind.Int) return v.int.toString();
  if (v.kind == CelKind.Bool) return v.int != 0 ? "true" : "false";
  return v.typeName;
}

/** `list.join()` and `list.join(sep)`. */
export function join(list: CelValue, sep: CelValue | null = null): CelValue {
  const args = sep === null ? [list] : [list, sep];
  // The overload is list(string): cel-go checks the first element's type, and the rest while joining.
  if (list.kind != CelKind.List || (sep !== null && sep.kind != CelKind.String)) return noFunctionOverload("join", args);
  if (list.count > 0 && list.element(0).kind != CelKind.String) return noFunctionOverload("join", args);
  const parts = new Array<string>();
  for (let i = 0, n = list.count; i < n; i++) {
    const e = list.element(i);
    if (e.kind != CelKind.String) return celError("join: invalid input: " + goValue(e));
    parts.push(e.text);
  }
  return celString(parts.join(sep === null ? "" : sep.text));
}

/** `string(v)` of an int, a string or a bool (the compiler lets nothing else through). */
export function toStringValue(v: CelValue): CelValue {
  if (v.kind == CelKind.String || v.isError) return v;
  if (v.kind == CelKind.Int) return celString(v.int.toString());
  if (v.kind == CelKind.Bool) return celString(v.int != 0 ? "true" : "false");
  return noFunctionOverload("string", [v]);
}
