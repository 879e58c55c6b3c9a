import { defineCommand } from "../command.ts";
import { TRUSTED_ROOT_FLAG } from "./keyless-flags.ts";
import { booleanFlag } from "../flags.ts";
import { DIST_FLAG, INPUT_LIMITS_DETAIL, REGISTRY_FLAGS, REPORT_OUTPUT_FLAG, STREAMED_OUTPUT_DETAIL, VERIFICATION_CONFIG_FLAG } from "./shared-flags.ts";

const flags = {
  dist: DIST_FLAG,
  ...REGISTRY_FLAGS,
  output: REPORT_OUTPUT_FLAG,
  "verification-config": VERIFICATION_CONFIG_FLAG,
  "trusted-root": TRUSTED_ROOT_FLAG,
  "admission-checks": booleanFlag("print what a live cluster must answer for each suite resource read from a file, instead of running"),
};
export type TestFlags = typeof flags;

export const test = defineCommand({
  name: "test",
  summary: "run declarative test cases (cases.yaml) and policy suites (suite.yaml) against built policies",
  positionals: [{ name: "path", description: "folders, cases.yaml or suite.yaml files (default fixtures)", variadic: true, optional: true }],
  flags,
  details: [
    `Each result is written as its case is run. ${STREAMED_OUTPUT_DETAIL}`,
    INPUT_LIMITS_DETAIL,
    "Exits 1 when a case fails, 2 when a case file or suite cannot be read or run.",
  ],
  examples: [
    { command: "wardenkit test", description: "run every cases.yaml and suite.yaml under fixtures/" },
    { command: "wardenkit test fixtures/required-labels fixtures/policy-set/suite.yaml", description: "one policy's cases and a policy suite" },
    { command: "wardenkit test -o junit > test-results.xml", description: "JUnit XML for CI's test reports" },
    { command: "wardenkit test -o github", description: "in GitHub Actions: an annotation on the line of each failed case" },
  ],
  load: () => import("../actions/test.ts"),
});
