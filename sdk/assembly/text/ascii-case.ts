// ASCII case folding. String#toLowerCase and #toUpperCase follow Unicode and
// bring AssemblyScript's case tables (about 7.9 KB) into every module that
// calls them; the names policies compare (registries, capabilities, kinds) are
// ASCII, so these change A-Z and a-z only and leave every other character as it is.
import { isLowerAscii, isUpperAscii } from "./ascii-chars";

/** `text` with the letters `from` accepts shifted by `shift`; `text` itself when none is. */
function shiftLetters(text: string, from: (c: i32) => bool, shift: i32): string {
  const n = text.length;
  let i = 0;
  while (i < n && !from(text.charCodeAt(i))) i++;
  if (i == n) return text; // the usual case: nothing to change, nothing to allocate
  const codes = new Array<i32>(n);
  for (let j = 0; j < n; j++) {
    const c = text.charCodeAt(j);
    codes[j] = from(c) ? c + shift : c;
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
  return shiftLetters(text, isUpperAscii, 0x20);
}

/**
 * `text` with a-z made A-Z, every other character kept.
 *
 * @example
 * asciiUpper("net_admin") // "NET_ADMIN"
 */
export function asciiUpper(text: string): string {
  return shiftLetters(text, isLowerAscii, -0x20);
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
