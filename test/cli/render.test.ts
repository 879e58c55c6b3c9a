// The one renderer of command results: each format written from the view it needs, and only
// that view computed; JUnit XML from test cases, escaped and counted.
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { render } from "../../src/cli/output/render.ts";
import type { TestCase } from "../../src/cli/output/test-case.ts";

const unused = () => {
  throw new Error("computed for another format");
};

describe("the renderer", () => {
  it("ends text with one newline, and prints nothing for no text", () => {
    expect(render({ text: () => "a\nb" }, "text", "x")).toBe("a\nb\n");
    expect(render({ text: () => "a\n" }, "text", "x")).toBe("a\n");
    expect(render({ text: () => "" }, "text", "x")).toBe("");
  });

  it("writes data as JSON indented by two, or as YAML without folding long lines", () => {
    const data = { message: "a message well beyond eighty columns, which YAML would otherwise fold onto a second line", n: [1] };
    expect(render({ data: () => data, text: unused }, "json", "x")).toBe(`${JSON.stringify(data, null, 2)}\n`);
    const yaml = render({ data: () => data, text: unused }, "yaml", "x");
    expect(yaml.split("\n")[0]).toBe(`message: ${data.message}`);
    expect(parse(yaml)).toEqual(data);
  });

  it("computes only the view of the format asked for", () => {
    expect(render({ text: () => "t", data: unused, cases: unused }, "text", "x")).toBe("t\n");
  });

  it("refuses a format whose view the result lacks, naming both", () => {
    expect(() => render({ text: () => "t" }, "junit", "x")).toThrow("wardenkit x offers -o junit but its result has no cases()");
  });
});

describe("JUnit XML", () => {
  const cases: TestCase[] = [
    { subject: "Pod a", name: "policy <p>", outcome: "passed" },
    { subject: "Pod a", name: "q", outcome: "failed", message: "it's \"denied\" & gone", detail: "it's denied\n  cause" },
    { subject: "Pod b", name: "q", outcome: "skipped", message: "no rule\u0001 matches" },
    { subject: "Pod b", name: "r", outcome: "passed", note: "would deny: <x>" },
  ];

  it("has one test case per case, counted, in a suite named after the command", () => {
    expect(render({ cases: () => cases }, "junit", "check")).toBe([
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<testsuites name="wardenkit check" tests="4" failures="1" skipped="1">',
      '  <testsuite name="wardenkit check" tests="4" failures="1" skipped="1" errors="0">',
      '    <testcase classname="Pod a" name="policy &lt;p&gt;"></testcase>',
      '    <testcase classname="Pod a" name="q">',
      '      <failure message="it&apos;s &quot;denied&quot; &amp; gone">it&apos;s denied\n  cause</failure>',
      "    </testcase>",
      '    <testcase classname="Pod b" name="q">',
      '      <skipped message="no rule matches"/>',
      "    </testcase>",
      '    <testcase classname="Pod b" name="r">',
      "      <system-out>would deny: &lt;x&gt;</system-out>",
      "    </testcase>",
      "  </testsuite>",
      "</testsuites>",
      "",
    ].join("\n"));
  });

  it("is a valid empty report for no cases", () => {
    expect(render({ cases: () => [] }, "junit", "test")).toContain('<testsuites name="wardenkit test" tests="0" failures="0" skipped="0">');
  });
});
