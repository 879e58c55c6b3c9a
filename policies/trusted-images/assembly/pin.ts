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

/** The index of the pin at the lowest position from `after` on, or -1 when none is. */
function nextPin(pins: Pin[], after: usize): i32 {
  let best = -1;
  for (let i = 0; i < pins.length; i++) {
    const start = pins[i].value.start;
    if (start >= after && (best < 0 || start < pins[best].value.start)) best = i;
  }
  return best;
}

/**
 * The text of `object` with every pinned image replaced. Pins come in container-list
 * order, not text order; a pod has a handful of containers, so each next pin is found by a
 * scan rather than by Array#sort, whose generic merge sort would cost the module about 1 KB.
 */
export function applyPins(object: JsonValue, pins: Pin[]): string {
  let out = "";
  let from = object.start;
  for (let next = nextPin(pins, from); next >= 0; next = nextPin(pins, from)) {
    const pin = pins[next];
    out += text(from, pin.value.start) + jsonString(pin.image);
    from = pin.value.end;
  }
  return out + text(from, object.end);
}
