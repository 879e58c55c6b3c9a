// `npm run bench:engine`: every workload on the wasmtime engine beside the floor
// (tools/bench/engine-suite.ts), alone, without the rest of `npm run bench`; rewrites that
// section of BENCHMARKS.md and the `engine` entry of bench/results.json. Measures dist/ as it
// is (build first). Options: --rounds <n> (default 60).
import { loadavg } from "node:os";
import { parseArgs } from "node:util";
import { positiveNumber } from "../../src/cli/numbers.ts";
import { DEFAULT_ENGINE_OPTIONS, runEngineSuite } from "./engine-suite.ts";
import { recordSection, withSection } from "./markdown-section.ts";
import { ENGINE_HEADING, engineSection } from "./report.ts";

const { values } = parseArgs({ options: { rounds: { type: "string" } } });
try {
  const rounds = values.rounds === undefined ? DEFAULT_ENGINE_OPTIONS.rounds : positiveNumber(values.rounds, "--rounds", { integer: true });
  const loadBefore = loadavg()[0];
  const engine = await runEngineSuite({ ...DEFAULT_ENGINE_OPTIONS, rounds });
  const when = new Date().toISOString().slice(0, 16).replace("T", " ");
  const context = `Written by \`npm run bench:engine\`, ${when} UTC, dist/ as built; 1-minute load average ${loadBefore.toFixed(1)} before and ${loadavg()[0].toFixed(1)} after.`;
  const section = [...engineSection(engine), context, ""].join("\n");
  console.log(section);
  recordSection("engine", engine, (markdown) => withSection(markdown, ENGINE_HEADING, section, "## Budgets"));
  console.log("wrote the engine section of BENCHMARKS.md and bench/results.json");
} catch (err) {
  console.error(`bench:engine: ${(err as Error).message}`);
  process.exitCode = 1;
}
