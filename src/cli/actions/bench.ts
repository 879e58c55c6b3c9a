// `wardenkit bench`: times a policy's validate_settings and validate on a warm
// instance and on a fresh instance per evaluation, optionally against a baseline.
import { PolicyModule } from "../../host/policy-module.ts";
import { toAdmissionRequest } from "../../host/admission-request.ts";
import { readClusterObjects, readDocument, readSettings } from "../../inputs/documents.ts";
import { DEFAULT_MEASURE_OPTIONS } from "../../bench/measure.ts";
import { benchPolicy, formatPolicyBench } from "../../bench/policy-bench.ts";
import { compareWithBaseline, formatComparisons, readBaseline } from "../../bench/baseline.ts";
import type { CommandInput } from "../command.ts";
import { DEFAULT_MAX_REGRESSION_PERCENT, type BenchFlags } from "../commands/bench.ts";
import { CliError, UsageError } from "../errors.ts";
import { printLine } from "../io.ts";
import { resolveModulePath } from "./module-arg.ts";

export async function run({ flags, args: [module], io }: CommandInput<BenchFlags>): Promise<number> {
  if (flags["max-regression"] !== undefined && !flags.baseline) throw new UsageError("--max-regression needs --baseline <run.json>");
  const modulePath = resolveModulePath(module);
  const options = { ...DEFAULT_MEASURE_OPTIONS, rounds: flags.rounds, warmupCalls: flags.warmup };
  const maxRegression = flags["max-regression"] ?? DEFAULT_MAX_REGRESSION_PERCENT;
  const baseline = flags.baseline ? readBaseline(flags.baseline) : null;
  const input = {
    request: toAdmissionRequest(readDocument(flags.request)),
    settings: readSettings(flags.settings),
    cluster: flags.cluster ? readClusterObjects(flags.cluster) : undefined,
  };
  let result;
  try {
    result = benchPolicy(await PolicyModule.fromFile(modulePath), modulePath, input, options);
  } catch (err) {
    throw new CliError((err as Error).message);
  }
  const json = flags.output === "json";
  const comparisons = baseline ? compareWithBaseline(result, baseline, maxRegression) : null;
  printLine(io.stdout, json ? JSON.stringify(comparisons ? { ...result, comparisons } : result, null, 2) : formatPolicyBench(result));
  if (!comparisons) return 0;
  if (!json) printLine(io.stdout, "\n" + formatComparisons(comparisons, maxRegression));
  const regressed = comparisons.filter((c) => c.regressed);
  if (regressed.length === 0) return 0;
  printLine(io.stderr, `wardenkit bench: ${regressed.length} median(s) slower than the baseline by more than ${maxRegression}%`);
  return 1;
}
