// A strict RFC 8259 syntax check in one pass, iterative so that deep nesting
// cannot exhaust the wasm stack. Everything else in the reader relies on it.
import {
  QUOTE, BACKSLASH, COMMA, COLON, OPEN_BRACE, CLOSE_BRACE, OPEN_BRACKET, CLOSE_BRACKET,
  MINUS, PLUS, DOT, ZERO, isDigit, isSpace, hexValue,
} from "./chars";
import { skipSpace } from "./skip";
import { findStringSpecial } from "./swar";
import { ContainerIndex } from "./containers";
import { decimal } from "../format";

/** Deeper documents are refused; real Kubernetes objects stay far below this. */
export const MAX_DEPTH: i32 = 512;

/**
 * Where and why a document is not valid JSON.
 *
 * @example
 * const doc = parseJsonString("{\"a\":}");
 * if (!doc.ok) log(LogLevel.Warning, doc.error!.toString()); // "unexpected character at byte 5"
 */
export class JsonSyntaxError {
  /** `offset` is the byte where the problem was found; `reason` says what it is. */
  constructor(readonly offset: i32, readonly reason: string) {}
  /** "<reason> at byte <offset>". */
  toString(): string {
    return this.reason + " at byte " + decimal(this.offset);
  }
}

let failure: JsonSyntaxError | null = null;

function fail(at: usize, base: usize, reason: string): usize {
  failure = new JsonSyntaxError(<i32>(at - base), reason);
  return 0;
}

function checkUtf8Sequence(p: usize, end: usize, base: usize): usize {
  const c = <u32>load<u8>(p);
  let extra = 0;
  let min: u32 = 0;
  if (c >= 0xc2 && c <= 0xdf) { extra = 1; min = 0x80; }
  else if (c >= 0xe0 && c <= 0xef) { extra = 2; min = 0x800; }
  else if (c >= 0xf0 && c <= 0xf4) { extra = 3; min = 0x10000; }
  else return fail(p, base, "invalid UTF-8");
  if (p + extra >= end) return fail(p, base, "truncated UTF-8 sequence");
  let cp: u32 = c & (0x3f >> extra);
  for (let i = 1; i <= extra; i++) {
    const cont = <u32>load<u8>(p + i);
    if ((cont & 0xc0) != 0x80) return fail(p + i, base, "invalid UTF-8");
    cp = (cp << 6) | (cont & 0x3f);
  }
  if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return fail(p, base, "invalid UTF-8");
  return p + extra + 1;
}

function checkString(p: usize, end: usize, base: usize): usize {
  p++; // opening quote
  while (p < end) {
    p = findStringSpecial(p, end);
    if (p >= end) break;
    const c = <u32>load<u8>(p);
    if (c == QUOTE) return p + 1;
    if (c < 0x20) return fail(p, base, "control character in string");
    if (c == BACKSLASH) {
      if (p + 1 >= end) break;
      const e = <u32>load<u8>(p + 1);
      if (e == 0x75) { // \uXXXX
        if (p + 5 >= end) break;
        for (let i = 2; i < 6; i++) {
          if (hexValue(<u32>load<u8>(p + i)) < 0) return fail(p, base, "invalid \\u escape");
        }
        p += 6;
      } else if (e == QUOTE || e == BACKSLASH || e == 0x2f || e == 0x62 || e == 0x66 || e == 0x6e || e == 0x72 || e == 0x74) {
        p += 2;
      } else return fail(p, base, "invalid escape");
    } else if (c >= 0x80) {
      p = checkUtf8Sequence(p, end, base);
      if (p == 0) return 0;
    }
  }
  return fail(end, base, "unterminated string");
}

function checkDigits(p: usize, end: usize, base: usize): usize {
  if (p >= end || !isDigit(load<u8>(p))) return fail(p, base, "digit expected");
  while (p < end && isDigit(load<u8>(p))) p++;
  return p;
}

function checkNumber(p: usize, end: usize, base: usize): usize {
  if (load<u8>(p) == MINUS) p++;
  if (p < end && load<u8>(p) == ZERO) p++;
  else if ((p = checkDigits(p, end, base)) == 0) return 0;
  if (p < end && load<u8>(p) == DOT) {
    if ((p = checkDigits(p + 1, end, base)) == 0) return 0;
  }
  if (p < end && (load<u8>(p) | 0x20) == 0x65) { // e or E
    p++;
    if (p < end && (load<u8>(p) == PLUS || load<u8>(p) == MINUS)) p++;
    if ((p = checkDigits(p, end, base)) == 0) return 0;
  }
  return p;
}

function checkLiteral(p: usize, end: usize, base: usize, word: string): usize {
  const n = <usize>word.length;
  if (p + n > end) return fail(p, base, "unexpected end of input");
  for (let i: usize = 0; i < n; i++) {
    if (<u32>load<u8>(p + i) != <u32>word.charCodeAt(<i32>i)) return fail(p, base, "unexpected character");
  }
  return p + n;
}

/** Checks a key and its colon; returns the position of the member's value. */
function checkKey(p: usize, end: usize, base: usize): usize {
  if (p >= end) return fail(p, base, "unexpected end of input");
  if (<u32>load<u8>(p) != QUOTE) return fail(p, base, "object key expected");
  p = checkString(p, end, base);
  if (p == 0) return 0;
  p = skipSpace(p, end);
  if (p >= end || <u32>load<u8>(p) != COLON) return fail(p, base, "':' expected");
  return skipSpace(p + 1, end);
}

/**
 * Returns null when [start, end) holds exactly one valid JSON document, and
 * records in `containers` where each object and array ends.
 */
export function validateJson(start: usize, end: usize, containers: ContainerIndex): JsonSyntaxError | null {
  failure = null;
  // Static scratch space: validation is not re-entrant, and allocating and
  // zeroing these on every call showed up in profiles.
  const stack = memory.data(MAX_DEPTH);
  const slots = memory.data(MAX_DEPTH * 4);
  let depth = 0;
  let p = skipSpace(start, end);
  let needValue = true;
  while (true) {
    if (needValue) {
      if (p >= end) return new JsonSyntaxError(<i32>(p - start), p == start ? "empty document" : "unexpected end of input");
      const c = <u32>load<u8>(p);
      if (c == OPEN_BRACE || c == OPEN_BRACKET) {
        if (depth == MAX_DEPTH) return new JsonSyntaxError(<i32>(p - start), "nesting deeper than " + decimal(MAX_DEPTH) + " levels");
        store<i32>(slots + (<usize>depth << 2), containers.open(p));
        store<u8>(stack + <usize>depth, <u8>c);
        depth++;
        p = skipSpace(p + 1, end);
        if (p < end && <u32>load<u8>(p) == (c == OPEN_BRACE ? CLOSE_BRACE : CLOSE_BRACKET)) {
          depth--;
          containers.close(load<i32>(slots + (<usize>depth << 2)), p);
          p++;
          needValue = false;
        } else if (c == OPEN_BRACE) {
          p = checkKey(p, end, start);
        }
        if (p == 0) return failure;
        continue;
      }
      if (c == QUOTE) p = checkString(p, end, start);
      else if (c == MINUS || isDigit(c)) p = checkNumber(p, end, start);
      else if (c == 0x74) p = checkLiteral(p, end, start, "true");
      else if (c == 0x66) p = checkLiteral(p, end, start, "false");
      else if (c == 0x6e) p = checkLiteral(p, end, start, "null");
      else return new JsonSyntaxError(<i32>(p - start), "unexpected character");
      if (p == 0) return failure;
      needValue = false;
    }
    p = skipSpace(p, end);
    if (depth == 0) {
      return p == end ? null : new JsonSyntaxError(<i32>(p - start), "unexpected data after the document");
    }
    if (p >= end) return new JsonSyntaxError(<i32>(p - start), "unexpected end of input");
    const c = <u32>load<u8>(p);
    const open = <u32>load<u8>(stack + <usize>(depth - 1));
    if (c == COMMA) {
      p = skipSpace(p + 1, end);
      if (open == OPEN_BRACE) {
        p = checkKey(p, end, start);
        if (p == 0) return failure;
      }
      needValue = true;
    } else if ((c == CLOSE_BRACE && open == OPEN_BRACE) || (c == CLOSE_BRACKET && open == OPEN_BRACKET)) {
      depth--;
      containers.close(load<i32>(slots + (<usize>depth << 2)), p);
      p++;
    } else {
      return new JsonSyntaxError(<i32>(p - start), open == OPEN_BRACE ? "',' or '}' expected" : "',' or ']' expected");
    }
  }
}
