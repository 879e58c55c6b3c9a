// Editing a document by splicing its text, so that every field a policy does
// not touch reaches the mutated object byte for byte.
import { jsonString } from "./write";
import { JsonValue } from "./value";
import { skipSpace } from "./skip";
import { CLOSE_BRACE } from "./chars";

function slice(from: usize, to: usize): string {
  return String.UTF8.decodeUnsafe(from, to - from);
}

/** `{"a":{"b":raw}}` for the keys path[from..]. */
function nested(path: string[], from: i32, rawValue: string): string {
  let out = rawValue;
  for (let i = path.length - 1; i >= from; i--) out = "{" + jsonString(unchecked(path[i])) + ":" + out + "}";
  return out;
}

/**
 * Returns the text of `root` with the member at `path` (object keys) set to
 * `rawValue` (JSON text, e.g. from JsonWriter). Missing or null objects on the
 * way are created. Returns null when a step of the path exists but is not an
 * object.
 *
 * @example
 * const patched = setPath(request.object, ["spec", "securityContext", "runAsNonRoot"], "true");
 * if (patched !== null) return mutate(patched);
 */
export function setPath(root: JsonValue, path: string[], rawValue: string): string | null {
  if (!root.isObject || path.length == 0) return null;
  let parent = root;
  for (let i = 0; i < path.length; i++) {
    const key = unchecked(path[i]);
    const current = parent.get(key);
    const isLast = i == path.length - 1;
    if (!isLast && current.isObject) {
      parent = current;
      continue;
    }
    if (!isLast && !current.isAbsent) return null;
    const replacement = isLast ? rawValue : nested(path, i + 1, rawValue);
    if (!current.isMissing) {
      // Replace the existing value (null, or the leaf itself).
      return slice(root.start, current.start) + replacement + slice(current.end, root.end);
    }
    // Insert as the first member of `parent`.
    const afterBrace = parent.start + 1;
    const isEmpty = <u32>load<u8>(skipSpace(afterBrace, parent.limit)) == CLOSE_BRACE;
    const member = jsonString(key) + ":" + replacement + (isEmpty ? "" : ",");
    return slice(root.start, afterBrace) + member + slice(afterBrace, root.end);
  }
  return null;
}
