// Policy logging through Kubewarden's `tracing/log` host capability, which
// policy-server emits as a structured event of the policy.
import { JSON } from "json-as";
import { hostCall, utf8 } from "../wapc";

export enum LogLevel {
  Trace,
  Debug,
  Info,
  Warning,
  Error,
}

const LEVEL_NAMES: StaticArray<string> = ["trace", "debug", "info", "warning", "error"];

@json
class LogEvent {
  level: string = "info";
  message: string = "";
}

export function log(level: LogLevel, message: string): void {
  const event = new LogEvent();
  event.level = LEVEL_NAMES[<i32>level];
  event.message = message;
  // Logging is best effort: a host that refuses the event must not fail the policy.
  hostCall("kubewarden", "tracing", "log", utf8(JSON.stringify(event)));
}

export function logInfo(message: string): void {
  log(LogLevel.Info, message);
}

export function logWarning(message: string): void {
  log(LogLevel.Warning, message);
}

export function logDebug(message: string): void {
  log(LogLevel.Debug, message);
}
