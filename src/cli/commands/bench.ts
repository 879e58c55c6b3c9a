import { defineCommand } from "../command.ts";
import { numberFlag, outputFlag, requiredFlag, stringFlag } from "../flags.ts";
import { DEFAULT_MEASURE_OPTIONS } from "../../bench/measure.ts";
import { CLUSTER_OBJECTS_FLAG, MODULE_ARG, REGISTRY_FLAGS, REQUEST_FLAG_DESCRIPTION, SETTINGS_FLAG } from "./shared-flags.ts";

export const DEFAULT_MAX_REGRESSION_PERCENT = 10;

const flags = {
  request: requiredFlag("file", REQUEST_FLAG_DESCRIPTION, { short: "r" }),
  settings: SETTINGS_FLAG,
  cluster: CLUSTER_OBJECTS_FLAG,
  rounds: numberFlag("n", "measured rounds", { integer: true, default: DEFAULT_MEASURE_OPTIONS.rounds }),
  warmup: numberFlag("calls", "warm-up calls before measuring", { integer: true, zero: true, default: DEFAULT_MEASURE_OPTIONS.warmupCalls }),
  output: outputFlag(["text", "json"], "text"),
  baseline: stringFlag("run.json", "a saved `-o json` run to compare with"),
  "max-regression": numberFlag("percent", "with --baseline: how much slower a median may be", { zero: true }),
  ...REGISTRY_FLAGS,
};
export type BenchFlags = typeof flags;

export const bench = defineCommand({
  name: "bench",
  summary: "time validate_settings and validate on warm and fresh instances; compare with a saved run",
  positionals: [MODULE_ARG],
  flags,
  details: [`--max-regression defaults to ${DEFAULT_MAX_REGRESSION_PERCENT}%; the command exits 1 when a median regressed by more.`],
  examples: [
    { command: `wardenkit bench required-labels -r fixtures/required-labels/create-pod-unlabelled.json -s '{"requiredLabels":["owner"]}'`, description: "time a policy on one request, with its settings" },
    { command: "wardenkit bench required-labels -r fixtures/required-labels/create-pod-unlabelled.json -o json > baseline.json", description: "save a run to compare later runs with" },
    { command: "wardenkit bench required-labels -r fixtures/required-labels/create-pod-unlabelled.json --baseline baseline.json --max-regression 5", description: "fail when a median is more than 5% slower than the saved run" },
  ],
  load: () => import("../actions/bench.ts"),
});
