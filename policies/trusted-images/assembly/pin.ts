// Digest pinning rewrites image strings inside container lists, which setPath (object keys
// only) cannot reach; the new values are spliced into the object's text instead, so every
// other byte of the object reaches the patch unchanged.
import { JsonValue, jsonString } from "@wardenkit/sdk";

/** An image value of the request's object and the reference that replaces it. */
export class Pin {
  constructor(readonly value: JsonValue, readonly image: string) {}
}

function text(from: usize, to: usize): string {
  return String.UTF8.decodeUnsafe(from, to - from);
}

/** The text of `object` with every pinned image replaced. */
export function applyPins(object: JsonValue, pins: Pin[]): string {
  const sorted = pins.slice(0);
  sorted.sort((a: Pin, b: Pin): i32 => (a.value.start < b.value.start ? -1 : a.value.start > b.value.start ? 1 : 0));
  let out = "";
  let from = object.start;
  for (let i = 0; i < sorted.length; i++) {
    const pin = sorted[i];
    out += text(from, pin.value.start) + jsonString(pin.image);
    from = pin.value.end;
  }
  return out + text(from, object.end);
}
