// `wardenkit test` for CI systems: JUnit XML, SARIF and GitHub annotations of case files and
// suites, each failure at the line of its case or suite resource, with its exit code (1 on a
// failure) whatever the format.
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { PROJECT } from "../support/project.ts";
import { runWardenkit } from "../support/run-command.ts";
import { sarifProblems } from "../support/sarif-schema.ts";

const PASSING = "fixtures/required-labels";

// One case that passes and one whose name and expected message need escaping in a workflow command.
const dir = mkdtempSync(join(tmpdir(), "wardenkit-ci-formats-"));
const CASES = join(dir, "cases.yaml");
writeFileSync(CASES, [
  "policy: required-labels",
  "settings: { requiredLabels: [owner] }",
  "cases:",
  "  - name: a labelled config map is accepted",
  "    object: { apiVersion: v1, kind: ConfigMap, metadata: { name: c, labels: { owner: a } } }",
  "    expect: { allowed: true }",
  "  - name: 'expects 100%: the wrong verdict, and message'",
  "    object: { apiVersion: v1, kind: ConfigMap, metadata: { name: c } }",
  "    expect: { allowed: true, message: 'owner: 100%' }",
  "",
].join("\n"));
// A suite of the deploy set's required-labels with one resource expecting the wrong result.
const SUITE = join(dir, "suite.yaml");
writeFileSync(SUITE, [
  `policies: [${join(PROJECT.root, "deploy/policy-set/required-labels.yaml")}]`,
  "modules: { registry://ghcr.io/wardenkit/policies/required-labels:v0.1.0: required-labels }",
  "cluster: [{ apiVersion: v1, kind: Namespace, metadata: { name: wardenkit-e2e } }]",
  "resources:",
  "  - name: a labelled pod",
  "    object: { apiVersion: v1, kind: Pod, metadata: { name: p, namespace: wardenkit-e2e, labels: { app: a, owner: b } } }",
  "    results: { required-labels: pass }",
  "  - name: an unlabelled pod, wrongly expected to pass",
  "    object: { apiVersion: v1, kind: Pod, metadata: { name: q, namespace: wardenkit-e2e } }",
  "    results: { required-labels: pass }",
  "",
].join("\n"));

const CASE_FAILURES = [
  "expected allowed=true, got allowed=false (message: ConfigMap c is missing required labels owner)",
  'message "ConfigMap c is missing required labels owner" does not match /owner: 100%/',
];
const SUITE_FAILURE = "expected pass, got fail (Pod wardenkit-e2e/q is missing required labels app, owner)";

const test = (...args: string[]) => runWardenkit(["test", ...args]);

describe("wardenkit test -o junit", () => {
  it("writes a test case per case, by policy, with every difference of a failed one", async () => {
    const run = await test(dir, "-o", "junit");
    expect(run.code, run.stderr).toBe(1);
    const wellFormed = spawnSync("python3", ["-c", "import sys, xml.dom.minidom; xml.dom.minidom.parseString(sys.stdin.read())"], { input: run.stdout, encoding: "utf8" });
    expect(wellFormed.status, wellFormed.stderr).toBe(0);
    expect(run.stdout).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="wardenkit test" tests="4" failures="2" skipped="0">/);
    expect(run.stdout).toContain('<testcase classname="required-labels" name="a labelled config map is accepted"></testcase>');
    expect(run.stdout).toContain(`<testcase classname="required-labels" name="expects 100%: the wrong verdict, and message">\n      <failure message="${CASE_FAILURES[0]}">`
      + `${CASE_FAILURES[0]}\n${CASE_FAILURES[1].replaceAll('"', "&quot;")}</failure>`);
    expect(run.stdout).toContain(`<testcase classname="required-labels" name="an unlabelled pod, wrongly expected to pass">\n      <failure message="${SUITE_FAILURE}">`);
  });

  it("counts a passing run", async () => {
    const run = await test(PASSING, "-o", "junit");
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/<testsuites name="wardenkit test" tests="\d+" failures="0" skipped="0">/);
  });
});

describe("wardenkit test -o sarif", () => {
  it("is a SARIF log with the case files' policies as rules and an error per failed case, at its line", async () => {
    const run = await test(dir, "-o", "sarif");
    expect(run.code, run.stderr).toBe(1);
    const log = JSON.parse(run.stdout);
    expect(sarifProblems(log)).toEqual([]);
    expect(log.runs[0].tool.driver.rules).toEqual([{ id: "required-labels", shortDescription: { text: "required-labels" } }]);
    expect(log.runs[0].results).toEqual([
      {
        ruleId: "required-labels", ruleIndex: 0, level: "error",
        message: { text: `required-labels: expects 100%: the wrong verdict, and message: ${CASE_FAILURES.join("\n")}` },
        locations: [{ physicalLocation: { artifactLocation: { uri: pathToFileURL(CASES).href }, region: { startLine: 7 } } }],
      },
      {
        ruleId: "required-labels", ruleIndex: 0, level: "error",
        message: { text: `required-labels: an unlabelled pod, wrongly expected to pass: ${SUITE_FAILURE}` },
        locations: [{ physicalLocation: { artifactLocation: { uri: pathToFileURL(SUITE).href }, region: { startLine: 8 } } }],
      },
    ]);
  });

  it("has rules and no results for a passing run", async () => {
    const run = await test(PASSING, "-o", "sarif");
    expect(run.code, run.stderr).toBe(0);
    const log = JSON.parse(run.stdout);
    expect(sarifProblems(log)).toEqual([]);
    expect(log.runs[0]).toMatchObject({ tool: { driver: { rules: [{ id: "required-labels" }] } }, results: [] });
  });
});

describe("wardenkit test -o github", () => {
  it("annotates each failed case on its line, escaping the title and the message, then counts", async () => {
    const run = await test(dir, "-o", "github");
    expect(run.code, run.stderr).toBe(1);
    expect(run.stdout).toBe([
      `::error file=${CASES},line=7,title=required-labels%3A expects 100%25%3A the wrong verdict%2C and message::`
        + "expected allowed=true, got allowed=false (message: ConfigMap c is missing required labels owner)"
        + '%0Amessage "ConfigMap c is missing required labels owner" does not match /owner: 100%25/',
      `::error file=${SUITE},line=8,title=required-labels%3A an unlabelled pod%2C wrongly expected to pass::${SUITE_FAILURE}`,
      "wardenkit test: 2 passed, 2 failed, 0 skipped",
      "",
    ].join("\n"));
  });

  it("is only the counts when every case passes", async () => {
    const run = await test(PASSING, "-o", "github");
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^wardenkit test: \d+ passed, 0 failed, 0 skipped\n$/);
  });
});

describe("a malformed case", () => {
  it("is annotated on its own line too", async () => {
    const malformed = join(mkdtempSync(join(tmpdir(), "wardenkit-ci-formats-")), "cases.yaml");
    writeFileSync(malformed, "policy: required-labels\ncases:\n  - {name: a typo, objet: {}, expect: {allowed: true}}\n");
    const run = await test(malformed, "-o", "github");
    expect(run.code, run.stderr).toBe(1);
    expect(run.stdout).toMatch(new RegExp(`^::error file=${malformed},line=3,title=required-labels%3A a typo::unknown keys objet`));
  });
});

describe("wardenkit test's exit code", () => {
  it.each(["text", "json", "junit", "sarif", "github"])("is 1 when a case fails, with -o %s", async (format) => {
    expect((await test(dir, "-o", format)).code).toBe(1);
  });
});

describe("wardenkit test --admission-checks", () => {
  it("prints text or JSON only: a CI format is a usage error", async () => {
    const run = await test("fixtures/policy-set/suite.yaml", "--admission-checks", "-o", "sarif");
    expect(run).toMatchObject({ code: 2, stdout: "" });
    expect(run.stderr).toMatch(/^wardenkit test: --admission-checks prints text or json, not sarif; usage: /);
  });
});
