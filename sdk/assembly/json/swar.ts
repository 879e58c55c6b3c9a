// Eight bytes at a time: strings make up most of a Kubernetes object, and
// looking for their end one byte at a time dominated evaluation time.

const ONES: u64 = 0x0101010101010101;
const HIGHS: u64 = 0x8080808080808080;

/** High bit set in each byte of `word` equal to `byte` (exact for the lowest such byte). */
// @ts-ignore: decorator
@inline export function bytesEqual(word: u64, byte: u64): u64 {
  const x = word ^ (ONES * byte);
  return (x - ONES) & ~x & HIGHS;
}

/** High bit set in each byte below 0x20 (exact for the lowest such byte). */
// @ts-ignore: decorator
@inline export function bytesBelowSpace(word: u64): u64 {
  return (word - ONES * 0x20) & ~word & HIGHS;
}

/** First address at or after `p` whose byte is a quote or a backslash, or `end`. */
export function findQuoteOrBackslash(p: usize, end: usize): usize {
  while (p + 8 <= end) {
    const word = load<u64>(p);
    const mask = bytesEqual(word, 0x22) | bytesEqual(word, 0x5c);
    if (mask != 0) return p + <usize>(ctz(mask) >> 3);
    p += 8;
  }
  while (p < end) {
    const c = <u32>load<u8>(p);
    if (c == 0x22 || c == 0x5c) return p;
    p++;
  }
  return end;
}

/** First address at or after `p` holding a quote, backslash, control byte or non-ASCII byte, or `end`. */
export function findStringSpecial(p: usize, end: usize): usize {
  while (p + 8 <= end) {
    const word = load<u64>(p);
    const mask = bytesEqual(word, 0x22) | bytesEqual(word, 0x5c) | bytesBelowSpace(word) | (word & HIGHS);
    if (mask != 0) return p + <usize>(ctz(mask) >> 3);
    p += 8;
  }
  while (p < end) {
    const c = <u32>load<u8>(p);
    if (c == 0x22 || c == 0x5c || c < 0x20 || c >= 0x80) return p;
    p++;
  }
  return end;
}
