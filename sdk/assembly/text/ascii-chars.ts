// Classes of ASCII characters that names and references are made of.

export function isAsciiDigit(c: i32): bool {
  return c >= 0x30 && c <= 0x39;
}

export function isUpperAscii(c: i32): bool {
  return c >= 0x41 && c <= 0x5a;
}

export function isLowerAscii(c: i32): bool {
  return c >= 0x61 && c <= 0x7a;
}

export function isLowerAlphaNumeric(c: i32): bool {
  return isAsciiDigit(c) || isLowerAscii(c);
}

export function isAlphaNumeric(c: i32): bool {
  return isLowerAlphaNumeric(c) || isUpperAscii(c);
}

export function isLowerHexDigit(c: i32): bool {
  return isAsciiDigit(c) || (c >= 0x61 && c <= 0x66);
}
