// Writing the pieces of a wasm binary: LEB128 numbers and length-prefixed names, as the
// module reader (byte-reader.ts) reads them. Used wherever wardenkit rewrites a module: the
// metadata section of the build and the memory cap of serve.

/** An unsigned LEB128 number (sizes, counts, indices). */
export function unsignedLeb128(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n = Math.floor(n / 128);
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

/** A signed 32-bit LEB128 number (i32.const immediates). */
export function signedLeb128(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0)) return [...out, byte];
    out.push(byte | 0x80);
  }
}

/** A name: its UTF-8 length, then its bytes. */
export function encodedName(text: string): number[] {
  const bytes = [...new TextEncoder().encode(text)];
  return [...unsignedLeb128(bytes.length), ...bytes];
}
