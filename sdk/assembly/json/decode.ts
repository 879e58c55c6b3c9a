// Turning a JSON string token into an AssemblyScript string.
import { QUOTE, BACKSLASH, hexValue } from "./chars";

function hex4(p: usize): u32 {
  return <u32>((hexValue(load<u8>(p)) << 12) | (hexValue(load<u8>(p + 1)) << 8) | (hexValue(load<u8>(p + 2)) << 4) | hexValue(load<u8>(p + 3)));
}

/** Decodes the validated string token whose opening quote is at `p`. */
export function decodeString(p: usize, end: usize): string {
  const first = p + 1;
  let q = first;
  while (q < end && <u32>load<u8>(q) != QUOTE && <u32>load<u8>(q) != BACKSLASH) q++;
  if (q < end && <u32>load<u8>(q) == QUOTE) return String.UTF8.decodeUnsafe(first, q - first);
  // Slow path: escapes present. Build UTF-16 directly.
  let out = String.UTF8.decodeUnsafe(first, q - first);
  let parts = new Array<string>();
  parts.push(out);
  let chunk = q;
  while (q < end) {
    const c = <u32>load<u8>(q);
    if (c == QUOTE) break;
    if (c != BACKSLASH) {
      q++;
      continue;
    }
    if (q > chunk) parts.push(String.UTF8.decodeUnsafe(chunk, q - chunk));
    const e = <u32>load<u8>(q + 1);
    if (e == 0x75) {
      let code = hex4(q + 2);
      q += 6;
      // A surrogate pair arrives as two escapes.
      if (code >= 0xd800 && code <= 0xdbff && q + 5 < end && <u32>load<u8>(q) == BACKSLASH && <u32>load<u8>(q + 1) == 0x75) {
        const low = hex4(q + 2);
        if (low >= 0xdc00 && low <= 0xdfff) {
          parts.push(String.fromCharCodes([<i32>code, <i32>low]));
          q += 6;
          chunk = q;
          continue;
        }
      }
      parts.push(String.fromCharCode(<i32>code));
    } else {
      let ch: i32 = <i32>e; // \" \\ \/
      if (e == 0x62) ch = 0x08;
      else if (e == 0x66) ch = 0x0c;
      else if (e == 0x6e) ch = 0x0a;
      else if (e == 0x72) ch = 0x0d;
      else if (e == 0x74) ch = 0x09;
      parts.push(String.fromCharCode(ch));
      q += 2;
    }
    chunk = q;
  }
  if (q > chunk) parts.push(String.UTF8.decodeUnsafe(chunk, q - chunk));
  return parts.join("");
}
