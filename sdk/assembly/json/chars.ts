// Byte values of the JSON grammar.
export const QUOTE: u32 = 0x22;
export const BACKSLASH: u32 = 0x5c;
export const COMMA: u32 = 0x2c;
export const COLON: u32 = 0x3a;
export const OPEN_BRACE: u32 = 0x7b;
export const CLOSE_BRACE: u32 = 0x7d;
export const OPEN_BRACKET: u32 = 0x5b;
export const CLOSE_BRACKET: u32 = 0x5d;
export const MINUS: u32 = 0x2d;
export const PLUS: u32 = 0x2b;
export const DOT: u32 = 0x2e;
export const ZERO: u32 = 0x30;
export const NINE: u32 = 0x39;

// @ts-ignore: decorator
@inline export function isSpace(c: u32): bool {
  return c == 0x20 || c == 0x0a || c == 0x0d || c == 0x09;
}

// @ts-ignore: decorator
@inline export function isDigit(c: u32): bool {
  return c - ZERO <= 9;
}

// @ts-ignore: decorator
@inline export function hexValue(c: u32): i32 {
  if (c - 0x30 <= 9) return <i32>(c - 0x30);
  const lower = c | 0x20;
  if (lower - 0x61 <= 5) return <i32>(lower - 0x61 + 10);
  return -1;
}
