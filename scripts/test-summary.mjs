#!/usr/bin/env node
// Ends `make test` with the one line CI reads: "N passed, M failed". It counts every test
// case in vitest's JSON report, plus each named check given as NAME=EXIT_STATUS (the type
// check, the budget check…), and exits non-zero when anything failed or nothing ran.
import { existsSync, readFileSync } from "node:fs";

const [reportPath, ...checks] = process.argv.slice(2);
let passed = 0;
let failed = 0;
let skipped = 0;
const failures = [];

if (!reportPath || !existsSync(reportPath)) {
  failures.push(`the test runner wrote no report (${reportPath ?? "no path given"})`);
} else {
  const report = JSON.parse(readFileSync(reportPath, "utf8"));
  for (const file of report.testResults ?? []) {
    const cases = file.assertionResults ?? [];
    for (const test of cases) {
      if (test.status === "passed") passed++;
      else if (test.status === "failed") (failed++, failures.push(`${file.name}: ${test.fullName}`));
      else skipped++;
    }
    // A file that failed to load has no test cases but did fail.
    if (cases.length === 0 && file.status === "failed") (failed++, failures.push(`${file.name}: ${file.message ?? "failed to run"}`));
  }
}
for (const check of checks) {
  const [name, status] = check.split("=");
  if (status === "0") passed++;
  else (failed++, failures.push(`${name} exited with ${status}`));
}

for (const failure of failures) console.log(`FAILED ${failure}`);
if (passed + failed === 0) console.log("no test ran");
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(failed > 0 || passed === 0 || failures.length > 0 ? 1 : 0);
