// Moving over values of a document that has already been validated, without
// decoding them. Positions are absolute addresses in linear memory.
import { QUOTE, BACKSLASH, OPEN_BRACE, OPEN_BRACKET, CLOSE_BRACE, CLOSE_BRACKET, COMMA, isSpace } from "./chars";
import { findQuoteOrBackslash } from "./swar";
import { ContainerIndex } from "./containers";

// @ts-ignore: decorator
@inline export function skipSpace(p: usize, end: usize): usize {
  while (p < end && isSpace(load<u8>(p))) p++;
  return p;
}

/** From an opening quote to just after the closing quote. */
export function skipString(p: usize, end: usize): usize {
  p++;
  while (p < end) {
    p = findQuoteOrBackslash(p, end);
    if (p >= end) break;
    if (<u32>load<u8>(p) == QUOTE) return p + 1;
    p += 2; // a backslash and the byte it escapes
  }
  return end;
}

/** From the first byte of any value to just after it. */
export function skipValue(p: usize, end: usize, containers: ContainerIndex): usize {
  const first = <u32>load<u8>(p);
  if (first == QUOTE) return skipString(p, end);
  if (first == OPEN_BRACE || first == OPEN_BRACKET) {
    const known = containers.endOf(p);
    if (known != 0) return known;
    let depth = 0;
    while (p < end) {
      const c = <u32>load<u8>(p);
      if (c == QUOTE) {
        p = skipString(p, end);
        continue;
      }
      if (c == OPEN_BRACE || c == OPEN_BRACKET) depth++;
      else if (c == CLOSE_BRACE || c == CLOSE_BRACKET) {
        if (--depth == 0) return p + 1;
      }
      p++;
    }
    return end;
  }
  while (p < end) {
    const c = <u32>load<u8>(p);
    if (c == COMMA || c == CLOSE_BRACE || c == CLOSE_BRACKET || isSpace(c)) break;
    p++;
  }
  return p;
}
