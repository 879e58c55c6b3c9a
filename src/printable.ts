// Text from an input (a name, a key, a file name, a policy's message) as it may be echoed to a
// terminal or a log: control characters (NUL, ESC, carriage return, DEL, the C1 range) become
// visible escapes, so that input can neither hide nor recolour what is printed around it. Tabs
// and newlines are kept: messages that span lines keep their shape.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

const NAMED: Record<string, string> = { "\0": "\\0", "\r": "\\r", "\x1b": "\\e" };

function escape(char: string): string {
  return NAMED[char] ?? `\\x${char.charCodeAt(0).toString(16).padStart(2, "0")}`;
}

export function printable(text: string): string {
  return text.replace(CONTROL, escape);
}
