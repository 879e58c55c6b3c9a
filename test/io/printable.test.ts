// Input echoed to a terminal: control characters and bidirectional overrides are shown escaped,
// text, tabs and line breaks as they are (redact.ts escapes line breaks too, for one-line messages).
import { describe, expect, it } from "vitest";
import { printable } from "../../src/io/printable.ts";

describe("printable", () => {
  it("escapes NUL, ESC, carriage returns, DEL, C1 controls and bidirectional overrides, and keeps tabs, newlines and other text", () => {
    expect(printable("a\0b\x1b[31mred\rback\x07\x7f\x9b\u202eevil é€😀")).toBe("a\\x00b\\x1b[31mred\\rback\\x07\\x7f\\x9b\\u202eevil é€😀");
    expect(printable("line one\n\tline two")).toBe("line one\n\tline two");
  });
});
