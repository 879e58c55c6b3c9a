// `wardenkit bench`: times a policy's validate_settings and validate on a warm
// instance and on a fresh instance per evaluation, optionally against a baseline.
import { toAdmissionRequest } from "../../host/admission-request.ts";
import { readClusterObjects, readDocument } from "../../inputs/documents.ts";
import { DEFAULT_MEASURE_OPTIONS } from "../../bench/measure.ts";
import { benchPolicy, formatPolicyBench, type PolicyBenchResult } from "../../bench/policy-bench.ts";
import { compareWithBaseline, formatComparisons, readBaseline, type Comparison } from "../../bench/baseline.ts";
import { registryArgs } from "./registry-args.ts";
import type { CommandInput, ResultOf } from "../command.ts";
import { DEFAULT_MAX_REGRESSION_PERCENT, type BenchFlags } from "../commands/bench.ts";
import { CliError, UsageError } from "../errors.ts";
import { printLine } from "../io.ts";
import { loadModuleArg, policyOf } from "./module-arg.ts";
import { checkSettingsArg, settingsFor } from "./settings-arg.ts";

/** The measurements, their comparison with a baseline, and a failure when a median regressed. */
function benchResult(result: PolicyBenchResult, comparisons: Comparison[] | null, maxRegression: number): ResultOf<BenchFlags> {
  const regressed = comparisons?.filter((c) => c.regressed).length ?? 0;
  return {
    data: () => (comparisons ? { ...result, comparisons } : result),
    text: () => formatPolicyBench(result) + (comparisons ? `\n\n${formatComparisons(comparisons, maxRegression)}` : ""),
    ...(regressed > 0 ? { exitCode: 1, failure: `${regressed} median(s) slower than the baseline by more than ${maxRegression}%` } : {}),
  };
}

export async function run({ flags, args: [module], io }: CommandInput<BenchFlags>): Promise<ResultOf<BenchFlags>> {
  if (flags["max-regression"] !== undefined && !flags.baseline) throw new UsageError("--max-regression needs --baseline <run.json>");
  const { arg, module: policy } = await loadModuleArg(module, {
    registry: registryArgs(flags),
    log: (line) => printLine(io.stderr, line),
  });
  const options = { ...DEFAULT_MEASURE_OPTIONS, rounds: flags.rounds, warmupCalls: flags.warmup };
  const maxRegression = flags["max-regression"] ?? DEFAULT_MAX_REGRESSION_PERCENT;
  const baseline = flags.baseline ? readBaseline(flags.baseline) : null;
  const settings = settingsFor(flags.settings, policyOf(arg.located));
  checkSettingsArg(policy, settings);
  const input = {
    request: toAdmissionRequest(readDocument(flags.request)),
    settings: settings.value,
    cluster: flags.cluster ? readClusterObjects(flags.cluster) : undefined,
  };
  let result;
  try {
    result = benchPolicy(policy, arg.shown, input, options);
  } catch (err) {
    throw new CliError((err as Error).message);
  }
  return benchResult(result, baseline ? compareWithBaseline(result, baseline, maxRegression) : null, maxRegression);
}
