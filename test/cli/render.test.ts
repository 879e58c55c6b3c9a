// The one renderer of command results: each format written from the view it needs, and only
// that view computed; JUnit XML, SARIF and GitHub annotations from test cases, escaped and
// counted.
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { render } from "../../src/cli/output/render.ts";
import type { TestCase } from "../../src/cli/output/test-case.ts";
import { packageVersion } from "../../src/io/package-root.ts";
import { sarifProblems } from "../support/sarif-schema.ts";

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
    { subject: "Pod a", name: "policy <p>", rule: "p", outcome: "passed" },
    { subject: "Pod a", name: "q", rule: "q", outcome: "failed", message: "it's \"denied\" & gone", detail: "it's denied\n  cause" },
    { subject: "Pod b", name: "q", rule: "q", outcome: "skipped", message: "no rule\u0001 matches" },
    { subject: "Pod b", name: "r", rule: "r", outcome: "passed", note: "would deny: <x>" },
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

// A failure whose message needs escaping in a workflow command, one read from standard input
// (no file), one from a file outside the working directory, and one whose name needs escaping.
const ciCases: TestCase[] = [
  { subject: "Pod shop/web", name: "ClusterAdmissionPolicy required-labels", rule: "ClusterAdmissionPolicy required-labels", outcome: "passed", location: { file: "deploy/web.yaml", line: 1 } },
  {
    subject: "Pod shop/db", name: "ClusterAdmissionPolicy required-labels", rule: "ClusterAdmissionPolicy required-labels", outcome: "failed",
    message: "100% missing", detail: "100% missing: app,\nowner\r", location: { file: "deploy/db,1:2.yaml", line: 12 },
  },
  { subject: "Pod shop/db", name: "AdmissionPolicy shop/no-root", rule: "AdmissionPolicy shop/no-root", outcome: "skipped", message: "no rule matches", location: { file: "deploy/db,1:2.yaml", line: 12 } },
  { subject: "ConfigMap shop/c", name: "AdmissionPolicy shop/no-root", rule: "AdmissionPolicy shop/no-root", outcome: "failed", message: "denied" },
  { subject: "Pod x/y", name: "ClusterAdmissionPolicy required-labels", rule: "ClusterAdmissionPolicy required-labels", outcome: "failed", message: "m", location: { file: "/elsewhere/a b.yaml" } },
];

describe("GitHub annotations", () => {
  it("write one ::error per failure, escaped as GitHub reads workflow commands, then the counts", () => {
    expect(render({ cases: () => ciCases }, "github", "check")).toBe([
      "::error file=deploy/db%2C1%3A2.yaml,line=12,title=Pod shop/db%3A ClusterAdmissionPolicy required-labels::100%25 missing: app,%0Aowner%0D",
      "::error title=ConfigMap shop/c%3A AdmissionPolicy shop/no-root::denied",
      "::error file=/elsewhere/a b.yaml,title=Pod x/y%3A ClusterAdmissionPolicy required-labels::m",
      "wardenkit check: 1 passed, 3 failed, 1 skipped",
      "",
    ].join("\n"));
  });

  it("are only the counts when nothing failed", () => {
    expect(render({ cases: () => ciCases.slice(0, 1) }, "github", "test")).toBe("wardenkit test: 1 passed, 0 failed, 0 skipped\n");
  });
});

describe("SARIF", () => {
  const log = JSON.parse(render({ cases: () => ciCases }, "sarif", "check"));

  it("is a SARIF 2.1.0 log, as its JSON schema says", () => {
    expect(sarifProblems(log)).toEqual([]);
    expect(sarifProblems({ ...log, runs: [{ tool: { driver: {} } }] })).not.toEqual([]); // the schema does check
  });

  it("has one run of wardenkit whose rules are the policies that made a check", () => {
    expect(log).toMatchObject({ version: "2.1.0", $schema: "https://json.schemastore.org/sarif-2.1.0.json" });
    expect(log.runs).toHaveLength(1);
    expect(log.runs[0].tool.driver).toEqual({
      name: "wardenkit",
      version: packageVersion(),
      rules: [
        { id: "ClusterAdmissionPolicy required-labels", shortDescription: { text: "ClusterAdmissionPolicy required-labels" } },
        { id: "AdmissionPolicy shop/no-root", shortDescription: { text: "AdmissionPolicy shop/no-root" } },
      ],
    });
  });

  it("has an error result per failure, at the file and line of what failed", () => {
    expect(log.runs[0].results).toEqual([
      {
        ruleId: "ClusterAdmissionPolicy required-labels", ruleIndex: 0, level: "error",
        message: { text: "Pod shop/db: ClusterAdmissionPolicy required-labels: 100% missing: app,\nowner\r" },
        locations: [{ physicalLocation: { artifactLocation: { uri: "deploy/db%2C1%3A2.yaml" }, region: { startLine: 12 } } }],
      },
      { ruleId: "AdmissionPolicy shop/no-root", ruleIndex: 1, level: "error", message: { text: "ConfigMap shop/c: AdmissionPolicy shop/no-root: denied" } },
      {
        ruleId: "ClusterAdmissionPolicy required-labels", ruleIndex: 0, level: "error",
        message: { text: "Pod x/y: ClusterAdmissionPolicy required-labels: m" },
        locations: [{ physicalLocation: { artifactLocation: { uri: "file:///elsewhere/a%20b.yaml" } } }],
      },
    ]);
  });

  it("is a valid log with no results when nothing failed", () => {
    const empty = JSON.parse(render({ cases: () => [] }, "sarif", "test"));
    expect(sarifProblems(empty)).toEqual([]);
    expect(empty.runs[0]).toMatchObject({ tool: { driver: { name: "wardenkit", rules: [] } }, results: [] });
  });
});
