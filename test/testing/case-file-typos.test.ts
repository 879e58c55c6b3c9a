// A typo in a case file must be an error naming the file, the case and the key: accepted
// silently, it makes a case that checks nothing and passes.
import { describe, expect, it } from "vitest";
import { loadCaseFile } from "../../src/testing/case-file.ts";

const FILE = "/project/fixtures/demo/cases.yaml";
const object = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c" } };
const load = (doc: unknown) => () => loadCaseFile(FILE, doc);
const withCase = (extra: Record<string, unknown>, top: Record<string, unknown> = {}) => ({ ...top, cases: [{ name: "one", object, expect: { allowed: true }, ...extra }] });

describe("case files", () => {
  it("accept every key they document", () => {
    const file = loadCaseFile(FILE, withCase({ operation: "UPDATE", oldObject: object, expect: { allowed: false, message: "m", code: 400, patch: "none", warnings: ["w"] } }, { settings: {}, cluster: [], policy: "demo" }));
    expect(file.cases[0].request?.operation).toBe("UPDATE");
  });

  it("refuse a misspelt expectation instead of checking nothing", () => {
    expect(load(withCase({ expect: { allowed: true, mesage: "missing" } }))).toThrow(`${FILE}: one: unknown expect keys mesage (known: allowed, valid, message, code, patch, warnings)`);
  });

  it("refuse a misspelt top-level key, which would drop the file's settings", () => {
    expect(load(withCase({}, { setings: { requiredLabels: ["a"] } }))).toThrow(`${FILE}: unknown top-level keys setings`);
  });

  it("refuse an operation Kubernetes does not have", () => {
    expect(load(withCase({ operation: "CRATE" }))).toThrow(`${FILE}: one: operation "CRATE" is not one of CREATE, UPDATE, DELETE, CONNECT`);
  });

  it.each([
    [{ allowed: "yes" }, "expect.allowed must be true or false"],
    [{ allowed: false, code: "400" }, "expect.code must be an HTTP status code (a whole number)"],
    [{ allowed: false, message: 3 }, "expect.message must be a regular expression (a string)"],
    [{ allowed: true, patch: "nope" }, 'expect.patch must be "none" or a list of JSONPatch operations'],
    [{ allowed: true, warnings: "w" }, "expect.warnings must be a list of regular expressions (strings)"],
    [{ valid: "no" }, "expect.valid must be true or false"],
  ])("refuse an expectation of the wrong type: %j", (expectation, message) => {
    expect(load(withCase({ expect: expectation }))).toThrow(`${FILE}: one: ${message}`);
  });
});
