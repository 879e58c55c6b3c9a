// Replacement for AssemblyScript's `env.abort` import, which Kubewarden cannot
// provide (asconfig.json routes abort here). Reports the failure through the
// policy log and `__guest_error`, then traps: the host discards the instance
// and answers with a 500 rejection. Internal to the SDK.
import { sendError, hostCall, utf8 } from "./wapc";
import { jsonString } from "./json/write";
import { decimal } from "./format";

export function wardenkitAbort(message: string | null, fileName: string | null, line: u32, column: u32): void {
  let text = "policy aborted: " + (message !== null ? message : "unknown error");
  if (fileName !== null) text += " at " + fileName + ":" + decimal(line) + ":" + decimal(column);
  hostCall("kubewarden", "tracing", "log", utf8("{\"level\":\"error\",\"message\":" + jsonString(text) + "}"));
  sendError(text);
  unreachable();
}
