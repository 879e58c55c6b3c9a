// ASCII case folding. String#toLowerCase and #toUpperCase follow Unicode and
// bring AssemblyScript's case tables (about 7.7 KB) into every module that
// calls them; the names policies compare (registries, capabilities, kinds) are
// ASCII, so these change A-Z and a-z only and leave every other character as it is.
import { isUpperAscii } from "./ascii-chars";

/**
 * `text` with the characters from `first` to `last` moved by `shift`; `text` itself
 * when it has none. `<u32>(c - first) <= <u32>(last - first)` is first <= c <= last in one comparison.
 */
function shiftRange(text: string, first: i32, last: i32, shift: i32): string {
  const n = text.length;
  let i = 0;
  while (i < n && <u32>(text.charCodeAt(i) - first) > <u32>(last - first)) i++;
  if (i == n) return text; // the usual case: nothing to change, nothing to allocate
  const codes = new Array<i32>(n);
  for (let j = 0; j < n; j++) {
    const c = text.charCodeAt(j);
    codes[j] = <u32>(c - first) <= <u32>(last - first) ? c + shift : c;
  }
  return String.fromCharCodes(codes);
}

/**
 * `text` with A-Z made a-z, every other character kept.
 *
 * @example
 * asciiLower("GHCR.io/Org") // "ghcr.io/org"
 * asciiLower("ÉTÉ")         // "ÉtÉ": only ASCII letters change
 */
export function asciiLower(text: string): string {
  return shiftRange(text, 0x41, 0x5a, 0x20);
}

/**
 * `text` with a-z made A-Z, every other character kept.
 *
 * @example
 * asciiUpper("net_admin") // "NET_ADMIN"
 */
export function asciiUpper(text: string): string {
  return shiftRange(text, 0x61, 0x7a, -0x20);
}

/** `c` with A-Z made a-z. */
function lowerCode(c: i32): i32 {
  return isUpperAscii(c) ? c + 0x20 : c;
}

/**
 * Whether `a` and `b` are equal when A-Z and a-z are not told apart; nothing is allocated.
 *
 * @example
 * equalsIgnoreAsciiCase("Docker.IO", "docker.io") // true
 * equalsIgnoreAsciiCase("é", "É")                 // false: only ASCII letters fold
 */
export function equalsIgnoreAsciiCase(a: string, b: string): bool {
  const n = a.length;
  if (b.length != n) return false;
  for (let i = 0; i < n; i++) {
    if (lowerCode(a.charCodeAt(i)) != lowerCode(b.charCodeAt(i))) return false;
  }
  return true;
}
