// Policy logging through Kubewarden's `tracing/log` host capability, which
// policy-server emits as a structured event of the policy.
import { hostCall, utf8 } from "../wapc";
import { JsonWriter } from "../json/write";

/**
 * How serious a log event is.
 *
 * @example
 * log(LogLevel.Warning, "instanceTypes lists an unknown type");
 */
export enum LogLevel {
  Trace,
  Debug,
  Info,
  Warning,
  Error,
}

const LEVEL_NAMES: StaticArray<string> = ["trace", "debug", "info", "warning", "error"];

/**
 * Logs `message` as an event of the policy. Best effort: a host that refuses
 * the event does not fail the policy.
 *
 * @example
 * log(LogLevel.Info, "checked " + decimal(count) + " containers");
 */
export function log(level: LogLevel, message: string): void {
  const event = new JsonWriter().beginObject().key("level").string(LEVEL_NAMES[<i32>level]).key("message").string(message).endObject();
  hostCall("kubewarden", "tracing", "log", utf8(event.toString()));
}
