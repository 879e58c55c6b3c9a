// How fast the command line starts, as a user meets it: `wardenkit <command> --help` of every
// command and `wardenkit run` of a built policy on a fixture, each a fresh process through the
// package's bin (bin/wardenkit.mjs, running the compiled lib/), beside a bare `node -e 0`.
import { spawnSync } from "node:child_process";
import { loadavg } from "node:os";
import { BENCH_PROJECT, WARDENKIT_BIN } from "./bench-project.ts";
import { COMMANDS } from "../../src/cli/registry.ts";
import { summarise, type Summary } from "../../src/bench/statistics.ts";

export const HELP_GOAL_SECONDS = 0.3;
export const RUN_GOAL_SECONDS = 0.5;
export const DEFAULT_STARTUP_ROUNDS = 5;

const RUN_ARGS = ["run", "required-labels", "--request", "fixtures/required-labels/create-pod-unlabelled.json", "--settings", '{"requiredLabels":["owner"]}'];
/** The policy denies that request, and run says so with exit code 1. */
const RUN_STATUS = 1;

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

function seconds(argv: string[], status = 0): number {
  const started = performance.now();
  const run = spawnSync(process.execPath, argv, { cwd: BENCH_PROJECT.root, encoding: "utf8", stdio: ["ignore", "ignore", "pipe"] });
  if (run.status !== status) throw new Error(`${argv.join(" ")} exited ${run.status}: ${run.stderr}`);
  return (performance.now() - started) / 1000;
}

export function benchStartup(rounds = DEFAULT_STARTUP_ROUNDS): StartupResult {
  const bins: Bin[] = [{ name: "bin/wardenkit.mjs (lib/)", argv: [WARDENKIT_BIN] }];
  const helps = [["--help"], ...COMMANDS.map((c) => [c.name, "--help"])];
  const node: number[] = [];
  const samples = bins.map(() => ({ help: helps.map(() => [] as number[]), run: [] as number[] }));
  const before = loadavg()[0];
  // Rounds interleave every bin and command, so that a busy moment of the machine hits them all.
  for (let round = 0; round < rounds; round++) {
    node.push(seconds(["-e", "0"]));
    bins.forEach((bin, b) => {
      helps.forEach((args, h) => samples[b].help[h].push(seconds([...bin.argv, ...args])));
      samples[b].run.push(seconds([...bin.argv, ...RUN_ARGS], RUN_STATUS));
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
