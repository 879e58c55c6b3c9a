// Replacement for AssemblyScript's `env.abort` import, which Kubewarden cannot
// provide. Reports the failure through the policy log and `__guest_error`, then
// traps: the host discards the instance and answers with a 500 rejection.
// It must not depend on json-as: the compiler resolves it before that library.
import { sendError, hostCall, utf8 } from "./wapc";

/** `text` as a JSON string literal (only quote, backslash and controls need escaping). */
function quoteJson(text: string): string {
  let out = "\"";
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c == 0x22 || c == 0x5c) out += "\\" + String.fromCharCode(c);
    else if (c < 0x20) out += "\\u00" + (c < 0x10 ? "0" : "") + c.toString(16);
    else out += String.fromCharCode(c);
  }
  return out + "\"";
}

export function wardenkitAbort(message: string | null, fileName: string | null, line: u32, column: u32): void {
  let text = "policy aborted: " + (message !== null ? message : "unknown error");
  if (fileName !== null) text += " at " + fileName + ":" + line.toString() + ":" + column.toString();
  hostCall("kubewarden", "tracing", "log", utf8("{\"level\":\"error\",\"message\":" + quoteJson(text) + "}"));
  sendError(text);
  unreachable();
}
