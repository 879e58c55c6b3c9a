// One host call whose request and answer are JSON, shared by every capability
// wrapper: a refusal or an unreadable answer comes back as data, never a trap.
import { hostCall, utf8 } from "../wapc";
import { parseJson, JsonValue } from "../json/value";
import { JsonWriter } from "../json/write";

/** The host's JSON answer when `ok`, else `error`, the first line of the host's message. */
export class JsonAnswer {
  constructor(readonly ok: bool, readonly value: JsonValue, readonly error: string) {}
}

/**
 * Calls `namespace`/`operation` with the JSON `body` and parses the answer into
 * a `T` made as `new T(ok, value, error)` (a JsonAnswer, or a result class of
 * that shape, so the kubernetes reads make no intermediate object).
 */
export function callJson<T = JsonAnswer>(namespace: string, operation: string, body: string): T {
  const answer = hostCall("kubewarden", namespace, operation, utf8(body));
  if (!answer.ok) return instantiate<T>(false, JsonValue.missing(), answer.error);
  const doc = parseJson(answer.payload);
  if (!doc.ok) return instantiate<T>(false, JsonValue.missing(), "the host answered " + operation + " with invalid JSON: " + doc.error!.toString());
  return instantiate<T>(true, doc.root, "");
}

/** The message for an answer that parsed but lacks a field the contract promises. */
export function missingField(operation: string, field: string): string {
  return "the host answered " + operation + " without " + field;
}

/** Writes `key` only when `value` is set (serde's Option, skipped when None). */
export function optionalString(out: JsonWriter, key: string, value: string | null): void {
  if (value !== null) out.key(key).string(value);
}

/** Writes `data` as serde writes a Vec<u8>: an array of byte values. */
export function byteArray(out: JsonWriter, data: Uint8Array): JsonWriter {
  out.beginArray();
  for (let i = 0, n = data.length; i < n; i++) out.integer(<i64>unchecked(data[i]));
  return out.endArray();
}

/** The UTF-8 bytes of `text` (a PEM certificate, for instance), lone surrogates replaced. */
export function utf8Bytes(text: string): Uint8Array {
  return Uint8Array.wrap(utf8(text));
}
