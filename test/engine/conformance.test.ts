// Every fixture case of every policy, and the cases of `wardenkit new`'s
// template, on the wasmtime host (engine/, the crates policy-server runs
// modules with) against the V8 host: verdict, code, message, patch, warnings
// and audit annotations must agree.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rmSync } from "node:fs";
import { join, relative } from "node:path";
import { PROJECT } from "../support/project.ts";
import { WasmtimeEngine } from "../../tools/engine/engine-process.ts";
import { compareCaseFile, type CaseComparison } from "../../tools/engine/conformance.ts";
import { findCaseFiles } from "../../src/testing/run-cases.ts";
import { loadCaseFile } from "../../src/testing/case-file.ts";
import { readDocument } from "../../src/inputs/documents.ts";
import { isSuiteDocument } from "../../src/policyset/suite-file.ts";
import { scaffoldPolicy } from "../../src/scaffold/new-policy.ts";
import { buildPolicy } from "../../src/build/build-policy.ts";
import type { Project } from "../../src/project/project.ts";
import { projectCopy } from "../support/project-copy.ts";

let engine: WasmtimeEngine;
beforeAll(() => {
  engine = WasmtimeEngine.start();
});
afterAll(() => engine?.stop());

function disagreement(c: CaseComparison): string {
  return `${relative(PROJECT.root, c.file)}: ${c.name}\n  ${c.differences.join("\n  ")}\n  V8 host: ${JSON.stringify(c.v8)}\n  wasmtime: ${JSON.stringify(c.wasmtime)}`;
}

function expectAgreement(comparisons: CaseComparison[]): void {
  const disagreements = comparisons.filter((c) => c.differences.length > 0).map(disagreement);
  expect(disagreements, disagreements.join("\n")).toEqual([]);
}

// Policy suites (fixtures/policy-set) evaluate manifests, not one module; their test is test/policyset.
describe.each(findCaseFiles([PROJECT.folders.fixtures]).filter((p) => !isSuiteDocument(readDocument(p))).map((path) => [relative(PROJECT.root, path), path]))("wasmtime agrees with the V8 host on %s", (_name, path) => {
  const names = loadCaseFile(path).cases.map((c) => c.name);
  let comparisons: CaseComparison[];
  beforeAll(async () => {
    comparisons = await compareCaseFile(path, engine, PROJECT.folders.dist);
  });

  it.each(names.map((name, i) => [name, i]))("%s", (name, index) => {
    expect(comparisons[index].name).toBe(name);
    expectAgreement([comparisons[index]]);
  });
});

describe("wasmtime agrees with the V8 host on the template of wardenkit new", () => {
  let copy: Project;
  beforeAll(() => {
    copy = projectCopy("engine-template");
  });
  afterAll(() => rmSync(copy.root, { recursive: true, force: true }));

  it("on every case the template writes", async () => {
    scaffoldPolicy(copy, "template-check");
    await buildPolicy(copy, copy.policy("template-check"));
    const comparisons = await compareCaseFile(join(copy.folders.fixtures, "template-check", "cases.yaml"), engine, copy.folders.dist);
    expect(comparisons.length).toBe(3);
    expectAgreement(comparisons);
  });
});
