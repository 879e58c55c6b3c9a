// Every fixture case of every policy, and the cases of `wardenkit new`'s
// template, on the wasmtime host (engine/, the crates policy-server runs
// modules with) against the V8 host: verdict, code, message, patch, warnings
// and audit annotations must agree.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cpSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { PROJECT_ROOT } from "../../src/project.ts";
import { WasmtimeEngine } from "../../src/engine/engine-process.ts";
import { compareCaseFile, type CaseComparison } from "../../src/engine/conformance.ts";
import { findCaseFiles } from "../../src/testing/run-cases.ts";
import { loadCaseFile } from "../../src/testing/case-file.ts";
import { readDocument } from "../../src/testing/inputs.ts";
import { isSuiteDocument } from "../../src/policyset/suite-file.ts";
import { scaffoldPolicy } from "../../src/scaffold/new-policy.ts";
import { buildPolicy } from "../../src/build/build-policy.ts";
import { policySource } from "../../src/build/policies.ts";

let engine: WasmtimeEngine;
beforeAll(() => {
  engine = WasmtimeEngine.start();
});
afterAll(() => engine?.stop());

function disagreement(c: CaseComparison): string {
  return `${relative(PROJECT_ROOT, c.file)}: ${c.name}\n  ${c.differences.join("\n  ")}\n  V8 host: ${JSON.stringify(c.v8)}\n  wasmtime: ${JSON.stringify(c.wasmtime)}`;
}

function expectAgreement(comparisons: CaseComparison[]): void {
  const disagreements = comparisons.filter((c) => c.differences.length > 0).map(disagreement);
  expect(disagreements, disagreements.join("\n")).toEqual([]);
}

// Policy suites (fixtures/policy-set) evaluate manifests, not one module; their test is test/policyset.
describe.each(findCaseFiles([join(PROJECT_ROOT, "fixtures")]).filter((p) => !isSuiteDocument(readDocument(p))).map((path) => [relative(PROJECT_ROOT, path), path]))("wasmtime agrees with the V8 host on %s", (_name, path) => {
  const names = loadCaseFile(path).cases.map((c) => c.name);
  let comparisons: CaseComparison[];
  beforeAll(async () => {
    comparisons = await compareCaseFile(path, engine, join(PROJECT_ROOT, "dist"));
  });

  it.each(names.map((name, i) => [name, i]))("%s", (name, index) => {
    expect(comparisons[index].name).toBe(name);
    expectAgreement([comparisons[index]]);
  });
});

describe("wasmtime agrees with the V8 host on the template of wardenkit new", () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), "wardenkit-engine-template-"));
    for (const entry of ["package.json", "asconfig.json", "sdk"]) cpSync(join(PROJECT_ROOT, entry), join(root, entry), { recursive: true });
    symlinkSync(join(PROJECT_ROOT, "node_modules"), join(root, "node_modules"), "dir");
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("on every case the template writes", async () => {
    scaffoldPolicy(root, "template-check");
    await buildPolicy(root, policySource(root, "template-check"));
    const comparisons = await compareCaseFile(join(root, "fixtures", "template-check", "cases.yaml"), engine, join(root, "dist"));
    expect(comparisons.length).toBe(3);
    expectAgreement(comparisons);
  });
});
