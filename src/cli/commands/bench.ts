// `wardenkit bench`: times a policy's validate_settings and validate on a warm
// instance and on a fresh instance per evaluation, optionally against a baseline.
import { PolicyModule } from "../../host/policy-module.ts";
import { toAdmissionRequest } from "../../host/admission-request.ts";
import { readClusterObjects, readDocument, readSettings } from "../../testing/inputs.ts";
import { DEFAULT_MEASURE_OPTIONS } from "../../bench/measure.ts";
import { benchPolicy, formatPolicyBench } from "../../bench/policy-bench.ts";
import { compareWithBaseline, formatComparisons, readBaseline } from "../../bench/baseline.ts";
import { resolveModulePath } from "../module-arg.ts";
import { parseFlags, usageError } from "../flags.ts";
import { CliError } from "../errors.ts";

export const summary = "time validate_settings and validate on warm and fresh instances; compare with a saved run";
export const usage =
  "wardenkit bench <dist/x.wasm | policy> --request <file> [--settings <json|file>] [--cluster <objects.yaml>] " +
  "[--rounds <n>] [--warmup <calls>] [--json] [--baseline <run.json> [--max-regression <percent>]]";

const DEFAULT_MAX_REGRESSION_PERCENT = 10;

function positiveNumber(value: string | undefined, flag: string, fallback: number): number {
  if (value === undefined) return fallback;
  const number = Number(value);
  if (!Number.isFinite(number) || number < 0) throw usageError(`${flag} must be a non-negative number, not '${value}'`, usage);
  return number;
}

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseFlags(args, {
    request: { type: "string", short: "r" },
    settings: { type: "string", short: "s" },
    cluster: { type: "string" },
    rounds: { type: "string" },
    warmup: { type: "string" },
    json: { type: "boolean" },
    baseline: { type: "string" },
    "max-regression": { type: "string" },
  }, usage);
  if (!values.request) throw usageError("--request <file> is required", usage);
  if (values["max-regression"] !== undefined && !values.baseline) throw usageError("--max-regression needs --baseline <run.json>", usage);
  const modulePath = resolveModulePath(positionals[0]);
  const options = {
    ...DEFAULT_MEASURE_OPTIONS,
    rounds: Math.max(1, positiveNumber(values.rounds, "--rounds", DEFAULT_MEASURE_OPTIONS.rounds)),
    warmupCalls: positiveNumber(values.warmup, "--warmup", DEFAULT_MEASURE_OPTIONS.warmupCalls),
  };
  const maxRegression = positiveNumber(values["max-regression"], "--max-regression", DEFAULT_MAX_REGRESSION_PERCENT);
  const baseline = values.baseline ? readBaseline(values.baseline) : null;
  const input = {
    request: toAdmissionRequest(readDocument(values.request)),
    settings: readSettings(values.settings),
    cluster: values.cluster ? readClusterObjects(values.cluster) : undefined,
  };
  let result;
  try {
    result = benchPolicy(await PolicyModule.fromFile(modulePath), modulePath, input, options);
  } catch (err) {
    throw new CliError((err as Error).message);
  }
  const comparisons = baseline ? compareWithBaseline(result, baseline, maxRegression) : null;
  if (values.json) console.log(JSON.stringify(comparisons ? { ...result, comparisons } : result, null, 2));
  else console.log(formatPolicyBench(result));
  if (!comparisons) return 0;
  if (!values.json) console.log("\n" + formatComparisons(comparisons, maxRegression));
  const regressed = comparisons.filter((c) => c.regressed);
  if (regressed.length === 0) return 0;
  console.error(`wardenkit bench: ${regressed.length} median(s) slower than the baseline by more than ${maxRegression}%`);
  return 1;
}
