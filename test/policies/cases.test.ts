// Every declarative case under fixtures/ as a test of its own, judged as the cluster would
// judge it (the policy's rules, mutating and contextAwareResources from its metadata).
import { describe, expect, it } from "vitest";
import { findCaseFiles } from "../../src/testing/run-cases.ts";
import { loadCaseFile } from "../../src/testing/case-file.ts";
import { readDocument } from "../../src/inputs/documents.ts";
import { isSuiteDocument } from "../../src/policyset/suite-file.ts";
import { runCase } from "../../src/testing/run-cases.ts";
import { isMalformed } from "../../src/policyset/case-result.ts";
import { PolicyEvaluator } from "../../src/host/evaluator.ts";
import { PolicyModule } from "../../src/host/policy-module.ts";
import { PROJECT } from "../support/project.ts";

// Policy suites (fixtures/policy-set) have their own test: test/policyset/fixture-suite.test.ts.
for (const path of findCaseFiles([PROJECT.folders.fixtures]).filter((p) => !isSuiteDocument(readDocument(p)))) {
  const file = loadCaseFile(path);
  describe(`${file.policy} (${path.slice(PROJECT.root.length + 1)})`, () => {
    let evaluator: PolicyEvaluator;
    it("has no malformed case", () => {
      expect(file.entries.filter(isMalformed)).toEqual([]);
    });
    for (const c of file.cases) {
      it(c.name, async () => {
        evaluator ??= new PolicyEvaluator(await PolicyModule.fromFile(file.module ?? PROJECT.module(file.policy)));
        const { failures } = runCase(evaluator, c, file.policy);
        expect(failures).toEqual([]);
      });
    }
  });
}
