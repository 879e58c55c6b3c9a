// `npm run bench:startup`: measures only the command line's start-up and rewrites that
// section of BENCHMARKS.md and the `startup` entry of bench/results.json.
// Options: --rounds <n>.
import { parseArgs } from "node:util";
import { positiveNumber } from "../../src/cli/numbers.ts";
import { benchStartup, DEFAULT_STARTUP_ROUNDS } from "./startup-bench.ts";
import { startupSection, withStartupSection } from "./startup-report.ts";
import { recordSection } from "./markdown-section.ts";

const { values } = parseArgs({ options: { rounds: { type: "string" } } });
try {
  const result = benchStartup(values.rounds === undefined ? DEFAULT_STARTUP_ROUNDS : positiveNumber(values.rounds, "--rounds", { integer: true }));
  console.log(startupSection(result).join("\n"));
  recordSection("startup", result, (markdown) => withStartupSection(markdown, result));
  console.log("wrote the start-up section of BENCHMARKS.md and bench/results.json");
} catch (err) {
  console.error(`bench:startup: ${(err as Error).message}`);
  process.exitCode = 1;
}
