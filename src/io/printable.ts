// Text from an input (a name, a key, a file name, a policy's message) as it may be shown on a
// terminal or in a log: control characters (NUL, ESC, carriage return, DEL, the C1 range) and the
// bidirectional overrides that reorder what a terminal shows become visible escapes (`\x00`,
// `\x1b`, `\u202e`), so that input can neither hide nor recolour what is printed around it. Tabs
// and newlines are kept, so that a report keeps its lines; redact.ts, for one-line messages,
// escapes newlines as well.
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** One character as an escape: `\r`, `\x1b`, `\u202e`. */
export function escapeControl(char: string): string {
  if (char === "\n") return "\\n";
  if (char === "\r") return "\\r";
  const code = char.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`;
}

export function printable(text: string): string {
  return text.replace(CONTROL, escapeControl);
}
