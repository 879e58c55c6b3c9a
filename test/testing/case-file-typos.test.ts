// A typo in a case file must be an error naming the key: accepted silently, it makes a case
// that checks nothing and passes. In a case it makes that case a failed one (the others still
// run); in the file's own keys it is an error naming the file.
import { describe, expect, it } from "vitest";
import { loadCaseFile } from "../../src/testing/case-file.ts";
import { isMalformed } from "../../src/policyset/case-result.ts";

const FILE = "/project/fixtures/demo/cases.yaml";
const object = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c" } };
const load = (doc: unknown) => () => loadCaseFile(FILE, doc);
/** What is wrong with each case that is not one. */
const problems = (doc: unknown) => loadCaseFile(FILE, doc).entries.filter(isMalformed).map((e) => `${e.name}: ${e.problem}`);
const withCase = (extra: Record<string, unknown>, top: Record<string, unknown> = {}) => ({ ...top, cases: [{ name: "one", object, expect: { allowed: true }, ...extra }] });

describe("case files", () => {
  it("accept every key they document", () => {
    const file = loadCaseFile(FILE, withCase({ operation: "UPDATE", oldObject: object, expect: { allowed: false, message: "m", code: 400, patch: "none", warnings: ["w"] } }, { settings: {}, cluster: [], policy: "demo" }));
    expect(file.cases[0].request?.operation).toBe("UPDATE");
  });

  it("refuse a misspelt expectation instead of checking nothing", () => {
    expect(problems(withCase({ expect: { allowed: true, mesage: "missing" } }))).toEqual(["one: unknown expect keys mesage (known: allowed, sent, valid, message, code, patch, warnings)"]);
  });

  it("refuse a misspelt top-level key, which would drop the file's settings", () => {
    expect(load(withCase({}, { setings: { requiredLabels: ["a"] } }))).toThrow(`${FILE}: unknown top-level keys setings`);
    expect(load(withCase({}, { hostCapabilities: ["kube*"] }))).toThrow(`${FILE}: hostCapabilities pattern "kube*" is invalid`);
  });

  it("refuse an operation Kubernetes does not have", () => {
    expect(problems(withCase({ operation: "CRATE" }))).toEqual(['one: operation "CRATE" is not one of CREATE, UPDATE, DELETE, CONNECT']);
  });

  it("refuse a case that is both a settings case and a validation case, or neither", () => {
    expect(problems(withCase({ expect: { valid: false, allowed: false } }))).toEqual([
      "one: expect.valid makes a settings case, expect.allowed and expect.sent a validation case: give one or the other",
    ]);
    expect(problems(withCase({ expect: { message: "m" } }))).toEqual(["one: expect.allowed (or expect.valid) is required"]);
    expect(problems(withCase({ expect: { sent: false } }))).toEqual([]);
  });

  it.each([
    [{ allowed: "yes" }, "expect.allowed must be true or false"],
    [{ allowed: false, code: "400" }, "expect.code must be an HTTP status code (a whole number)"],
    [{ allowed: false, message: 3 }, "expect.message must be a regular expression (a string)"],
    [{ allowed: true, patch: "nope" }, 'expect.patch must be "none" or a list of JSONPatch operations'],
    [{ allowed: true, warnings: "w" }, "expect.warnings must be a list of regular expressions (strings)"],
    [{ valid: "no" }, "expect.valid must be true or false"],
    [{ sent: "no" }, "expect.sent must be true or false"],
  ])("refuse an expectation of the wrong type: %j", (expectation, message) => {
    expect(problems(withCase({ expect: expectation }))).toEqual([`one: ${message}`]);
  });
});
