// The SDK's one way of writing JSON: answers, host-call bodies, log events and
// edits are all built with JsonWriter. It has no dependency besides the
// standard library, so abort.ts can use it too.
import { decimal } from "../format";

/**
 * `text` as a JSON string literal: quote, backslash and control characters are
 * escaped, everything else is kept as it is.
 *
 * @example
 * jsonString("say \"hi\"\n") // "\"say \\\"hi\\\"\\n\""
 */
export function jsonString(text: string): string {
  const n = text.length;
  let i = 0;
  while (i < n && !needsEscape(text.charCodeAt(i))) i++;
  if (i == n) return "\"" + text + "\""; // the usual case: nothing to escape
  const parts = new Array<string>();
  parts.push("\"");
  let from = 0;
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if (!needsEscape(c)) continue;
    if (i > from) parts.push(text.substring(from, i));
    parts.push(escapeOf(c));
    from = i + 1;
  }
  if (n > from) parts.push(text.substring(from, n));
  parts.push("\"");
  return parts.join("");
}

function needsEscape(c: i32): bool {
  return c < 0x20 || c == 0x22 || c == 0x5c;
}

// @ts-ignore: decorator
@lazy const HEX = "0123456789abcdef";

function escapeOf(c: i32): string {
  if (c == 0x22) return "\\\"";
  if (c == 0x5c) return "\\\\";
  if (c == 0x0a) return "\\n";
  if (c == 0x0d) return "\\r";
  if (c == 0x09) return "\\t";
  return "\\u00" + HEX.charAt(c >> 4) + HEX.charAt(c & 0xf);
}

/**
 * Builds one JSON document, member by member. Commas are placed for you; the
 * writer does not check that objects and arrays are closed in order.
 *
 * @example
 * const json = new JsonWriter().beginObject()
 *   .key("name").string("web")
 *   .key("replicas").integer(3)
 *   .key("ports").beginArray().integer(80).integer(443).endArray()
 *   .endObject().toString(); // {"name":"web","replicas":3,"ports":[80,443]}
 */
export class JsonWriter {
  private readonly parts: string[] = [];
  private needsComma: bool = false;

  private value(text: string): JsonWriter {
    if (this.needsComma) this.parts.push(",");
    this.parts.push(text);
    this.needsComma = true;
    return this;
  }

  private open(text: string): JsonWriter {
    this.value(text);
    this.needsComma = false;
    return this;
  }

  private close(text: string): JsonWriter {
    this.parts.push(text);
    this.needsComma = true;
    return this;
  }

  /** Starts an object: `{`. */
  beginObject(): JsonWriter { return this.open("{"); }
  /** Ends the innermost object: `}`. */
  endObject(): JsonWriter { return this.close("}"); }
  /** Starts an array: `[`. */
  beginArray(): JsonWriter { return this.open("["); }
  /** Ends the innermost array: `]`. */
  endArray(): JsonWriter { return this.close("]"); }

  /** The name of the next member of an object. */
  key(name: string): JsonWriter {
    this.value(jsonString(name) + ":");
    this.needsComma = false;
    return this;
  }

  /** A string, escaped. */
  string(text: string): JsonWriter { return this.value(jsonString(text)); }
  /** true or false. */
  bool(flag: bool): JsonWriter { return this.value(flag ? "true" : "false"); }
  /** A whole number. */
  integer(n: i64): JsonWriter { return this.value(decimal(n)); }
  /** The literal null. */
  nullValue(): JsonWriter { return this.value("null"); }
  /** A value that already is JSON text, written as it is. */
  raw(json: string): JsonWriter { return this.value(json); }

  /** An array of strings. */
  strings(items: string[]): JsonWriter {
    this.beginArray();
    for (let i = 0; i < items.length; i++) this.string(unchecked(items[i]));
    return this.endArray();
  }

  /** The document written so far. */
  toString(): string {
    return this.parts.join("");
  }
}
