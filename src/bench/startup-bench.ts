// How fast the command line starts, as a user meets it: `wardenkit <command> --help` of every
// command and `wardenkit run` of a built policy on a fixture, each a fresh process through a
// real bin: bin/wardenkit.mjs as it is, and the same sources compiled to JavaScript by tsc
// (as a package built for the npm registry runs them), beside a bare `node -e 0`.
import { spawnSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { join } from "node:path";
import { PROJECT_ROOT } from "../project.ts";
import { COMMANDS } from "../cli/registry.ts";
import { summarise, type Summary } from "./statistics.ts";

export const HELP_GOAL_SECONDS = 0.3;
export const RUN_GOAL_SECONDS = 0.5;
export const DEFAULT_STARTUP_ROUNDS = 5;

const COMPILED_DIR = join(PROJECT_ROOT, "build", "startup-bench");
const RUN_ARGS = ["run", "required-labels", "--request", "fixtures/required-labels/create-pod-unlabelled.json", "--settings", '{"requiredLabels":["owner"]}'];

export interface StartupVariant {
  name: string;
  /** `wardenkit --help` first, then each command's. */
  help: { args: string; seconds: Summary }[];
  run: Summary;
}

export interface StartupResult {
  date: string;
  rounds: number;
  /** 1-minute load average before and after measuring: the machine may be shared. */
  loadAverage: [number, number];
  node: Summary;
  runArgs: string;
  variants: StartupVariant[];
}

interface Bin {
  name: string;
  argv: string[];
}

/** The CLI's sources compiled as the package ships them: relative `.ts` imports rewritten to `.js`. */
function compiledBin(): Bin {
  rmSync(COMPILED_DIR, { recursive: true, force: true });
  const tsc = spawnSync(process.execPath, [
    join(PROJECT_ROOT, "node_modules", "typescript", "bin", "tsc"), "--outDir", COMPILED_DIR, "--rootDir", PROJECT_ROOT,
    "--rewriteRelativeImportExtensions", "--target", "ES2022", "--module", "NodeNext", "--moduleResolution", "NodeNext",
    "--strict", "--skipLibCheck", "--types", "node", join(PROJECT_ROOT, "src", "cli", "main.ts"),
  ], { cwd: PROJECT_ROOT, encoding: "utf8" });
  if (tsc.status !== 0) throw new Error(`tsc could not compile the CLI:\n${tsc.stdout}${tsc.stderr}`);
  mkdirSync(COMPILED_DIR, { recursive: true });
  const entry = join(COMPILED_DIR, "wardenkit.mjs");
  writeFileSync(entry, 'import { main } from "./src/cli/main.js";\nprocess.exitCode = await main(process.argv.slice(2));\n');
  return { name: "compiled by tsc to JavaScript", argv: [entry] };
}

function seconds(argv: string[]): number {
  const started = performance.now();
  const run = spawnSync(process.execPath, argv, { cwd: PROJECT_ROOT, encoding: "utf8", stdio: ["ignore", "ignore", "pipe"] });
  if (run.status !== 0) throw new Error(`${argv.join(" ")} exited ${run.status}: ${run.stderr}`);
  return (performance.now() - started) / 1000;
}

export function benchStartup(rounds = DEFAULT_STARTUP_ROUNDS): StartupResult {
  const bins: Bin[] = [{ name: "bin/wardenkit.mjs", argv: [join(PROJECT_ROOT, "bin", "wardenkit.mjs")] }, compiledBin()];
  const helps = [["--help"], ...COMMANDS.map((c) => [c.name, "--help"])];
  const node: number[] = [];
  const samples = bins.map(() => ({ help: helps.map(() => [] as number[]), run: [] as number[] }));
  const before = loadavg()[0];
  // Rounds interleave every bin and command, so that a busy moment of the machine hits them all.
  for (let round = 0; round < rounds; round++) {
    node.push(seconds(["-e", "0"]));
    bins.forEach((bin, b) => {
      helps.forEach((args, h) => samples[b].help[h].push(seconds([...bin.argv, ...args])));
      samples[b].run.push(seconds([...bin.argv, ...RUN_ARGS]));
    });
  }
  return {
    date: new Date().toISOString(),
    rounds,
    loadAverage: [before, loadavg()[0]],
    node: summarise(node),
    runArgs: RUN_ARGS.join(" "),
    variants: bins.map((bin, b) => ({
      name: bin.name,
      help: helps.map((args, h) => ({ args: args.join(" "), seconds: summarise(samples[b].help[h]) })),
      run: summarise(samples[b].run),
    })),
  };
}
