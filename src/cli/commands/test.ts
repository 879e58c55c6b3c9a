import { defineCommand } from "../command.ts";
import { booleanFlag, outputFlag } from "../flags.ts";
import { DIST_FLAG, INPUT_LIMITS_DETAIL } from "./shared-flags.ts";

const flags = {
  dist: DIST_FLAG,
  output: outputFlag(["text", "json"], "text"),
  "admission-checks": booleanFlag("print what a live cluster must answer for each suite resource read from a file, instead of running"),
};
export type TestFlags = typeof flags;

export const test = defineCommand({
  name: "test",
  summary: "run declarative test cases (cases.yaml) and policy suites (suite.yaml) against built policies",
  positionals: [{ name: "path", description: "folders, cases.yaml or suite.yaml files (default fixtures)", variadic: true, optional: true }],
  flags,
  details: [
    "Each result is written as its case is run. On a terminal, when the results go to a file or a pipe, a progress line on standard error shows from 2 s on.",
    INPUT_LIMITS_DETAIL,
    "Exits 1 when a case fails, 2 when a case file or suite cannot be read or run.",
  ],
  load: () => import("../actions/test.ts"),
});
