// `npm run bench`: builds the policies (timed), measures the whole suite once,
// prints the budgets' verdicts and writes BENCHMARKS.md and bench/results.json.
// Options: --skip-build (measure dist/ as it is), --rounds <n>.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { BENCH_DIR, BENCH_PROJECT, WARDENKIT_BIN } from "./bench-project.ts";
import { formatVerdicts, judge, judgeEngine, judgeIsolation, readBudgets } from "./budgets.ts";
import { formatIsolation, runIsolation } from "./isolation.ts";
import { DEFAULT_ENGINE_OPTIONS, runEngineSuite } from "./engine-suite.ts";
import { DEFAULT_MEASURE_OPTIONS } from "../../src/bench/measure.ts";
import { benchmarksMarkdown } from "./report.ts";
import { benchPolicySet } from "./policy-set-bench.ts";
import { runSuite, warmRatio, withoutSamples } from "./suite.ts";
import { benchStartup } from "./startup-bench.ts";
import type { StreamResult } from "./stream-bench.ts";
import type { AnswerSizeResult } from "./answer-size-bench.ts";

/** Seconds per phase of serve's isolation run (as bench:isolation). */
const ISOLATION_SECONDS = 8;

/** Wall-clock seconds of the same build `npm run build` runs. */
function timedBuild(): number {
  const started = performance.now();
  const build = spawnSync(process.execPath, [WARDENKIT_BIN, "build"], { cwd: BENCH_PROJECT.root, stdio: ["ignore", "ignore", "inherit"] });
  if (build.status !== 0) throw new Error("the policies did not build");
  return (performance.now() - started) / 1000;
}

/** The sections measured by their own commands, which npm run bench keeps as last written. */
interface SeparateResults { stream?: StreamResult; answers?: AnswerSizeResult }

function previousResults(): SeparateResults {
  const path = join(BENCH_DIR, "results.json");
  return existsSync(path) ? (JSON.parse(readFileSync(path, "utf8")) as SeparateResults) : {};
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { "skip-build": { type: "boolean" }, rounds: { type: "string" } } });
  const buildSeconds = values["skip-build"] ? undefined : timedBuild();
  if (buildSeconds !== undefined) console.log(`built the policies in ${buildSeconds.toFixed(1)} s`);
  const options = { ...DEFAULT_MEASURE_OPTIONS, rounds: Number(values.rounds ?? DEFAULT_MEASURE_OPTIONS.rounds) };
  const result = await runSuite(options);
  const engine = await runEngineSuite(DEFAULT_ENGINE_OPTIONS);
  const budgets = readBudgets();
  const policySet = await benchPolicySet();
  console.log(`policy set: ${policySet.objects} objects in ${(policySet.check.median / 1000).toFixed(2)} s, ${policySet.perEvaluationMicroseconds.toFixed(0)} µs per evaluation`);
  const isolation = await runIsolation(ISOLATION_SECONDS);
  console.log(formatIsolation(isolation));
  const verdicts = [...judge(result, budgets, warmRatio), ...judgeEngine(engine, budgets), ...judgeIsolation(isolation, budgets)];
  console.log(formatVerdicts(verdicts));
  const startup = benchStartup();
  // The long stream takes minutes (npm run bench:stream), the answer sizes most of one
  // (npm run bench:answers): their last figures are kept.
  const { stream, answers } = previousResults();
  writeFileSync(join(BENCH_PROJECT.root, "BENCHMARKS.md"), benchmarksMarkdown(result, engine, verdicts, budgets, buildSeconds, policySet, isolation, startup, stream, answers));
  writeFileSync(join(BENCH_DIR, "results.json"), JSON.stringify({ ...withoutSamples(result), engine, buildSeconds, verdicts, policySet, isolation, startup, stream, answers }, null, 2) + "\n");
  console.log("wrote BENCHMARKS.md and bench/results.json");
}

main().catch((err: Error) => {
  console.error(`bench: ${err.message}`);
  process.exitCode = 1;
});
