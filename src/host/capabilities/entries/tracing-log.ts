// A guest's log event, handed to the evaluation's onLog; never refused, never replayed.
import type { CapabilityEntry, PolicyLogEntry } from "../capability-entry.ts";

const decoder = new TextDecoder();
const EMPTY = new Uint8Array(0);

function parseLog(payload: Uint8Array): PolicyLogEntry {
  try {
    const event = JSON.parse(decoder.decode(payload));
    if (typeof event === "object" && event !== null) {
      return { ...event, level: String(event.level ?? "info").toLowerCase(), message: String(event.message ?? "") };
    }
  } catch {
    // Kubewarden only logs unparsable events; so do we.
  }
  return { level: "info", message: decoder.decode(payload) };
}

export const tracingLog: CapabilityEntry<PolicyLogEntry> = {
  path: "tracing/log",
  ungated: true,
  parse: parseLog,
  answer(entry, { onLog }) {
    onLog?.(entry);
    return EMPTY;
  },
};
