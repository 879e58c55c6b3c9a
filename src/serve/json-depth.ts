// How deeply a JSON text nests, found by scanning its bytes rather than parsing it:
// JSON.parse copes with any depth, but what then walks the value recursively
// (JSON.stringify on the way to the policy) runs out of stack, so a body that nests
// deeper than the policies' own JSON reader accepts is refused before it is parsed.

/** The SDK's reader refuses deeper documents, so no policy could read one anyway. */
export const MAX_JSON_DEPTH = 512;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const OPEN_ARRAY = 0x5b;
const CLOSE_OBJECT = 0x7d;
const CLOSE_ARRAY = 0x5d;

/** Whether objects and arrays nest more than `limit` levels deep (brackets inside strings do not count). */
export function nestsDeeperThan(bytes: Uint8Array, limit = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i];
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) {
      inString = true;
    } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      if (++depth > limit) return true;
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
      depth--;
    }
  }
  return false;
}
