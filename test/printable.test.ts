// Input echoed to a terminal: control characters are shown escaped, text and line breaks as they are.
import { describe, expect, it } from "vitest";
import { printable } from "../src/printable.ts";

describe("printable", () => {
  it("escapes NUL, ESC, carriage returns, DEL and C1 controls, and keeps tabs, newlines and other text", () => {
    expect(printable("a\0b\x1b[31mred\rback\x07\x7f\x9b é€😀")).toBe("a\\0b\\e[31mred\\rback\\x07\\x7f\\x9b é€😀");
    expect(printable("line one\n\tline two")).toBe("line one\n\tline two");
  });
});
