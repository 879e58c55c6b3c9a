// The `wardenkit` command line: one file per command in ./commands, loaded on demand.
import { packageVersion } from "../package-root.ts";
import { CliError } from "./errors.ts";

/** What every file in ./commands exports. */
export interface Command {
  summary: string;
  usage: string;
  /** More for `--help`: what the options mean and their defaults. */
  details?: string;
  run(args: string[]): Promise<number>;
}

/** Every command, by name; static, so the compiled CLI never looks for source files. */
const COMMANDS: Record<string, () => Promise<Command>> = {
  apply: () => import("./commands/apply.ts"),
  artifacthub: () => import("./commands/artifacthub.ts"),
  bench: () => import("./commands/bench.ts"),
  build: () => import("./commands/build.ts"),
  check: () => import("./commands/check.ts"),
  delete: () => import("./commands/delete.ts"),
  init: () => import("./commands/init.ts"),
  inspect: () => import("./commands/inspect.ts"),
  manifest: () => import("./commands/manifest.ts"),
  new: () => import("./commands/new.ts"),
  publish: () => import("./commands/publish.ts"),
  pull: () => import("./commands/pull.ts"),
  push: () => import("./commands/push.ts"),
  run: () => import("./commands/run.ts"),
  serve: () => import("./commands/serve.ts"),
  test: () => import("./commands/test.ts"),
};

export function commandNames(): string[] {
  return Object.keys(COMMANDS).sort();
}

async function loadCommand(name: string): Promise<Command | null> {
  return Object.hasOwn(COMMANDS, name) ? COMMANDS[name]() : null;
}

/** A command's one-line summary (this loads the command and what it imports). */
export async function summaryOf(name: string): Promise<string> {
  return (await COMMANDS[name]()).summary;
}

async function printHelp(): Promise<void> {
  const lines = ["wardenkit: write, test, publish and serve Kubewarden policies in AssemblyScript", "", "Commands:"];
  for (const name of commandNames()) lines.push(`  ${name.padEnd(12)} ${await summaryOf(name)}`);
  lines.push("", "Run `wardenkit <command> --help` for a command's options, `wardenkit --version` for the version.");
  console.log(lines.join("\n"));
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    await printHelp();
    return name ? 0 : 1;
  }
  if (name === "--version" || name === "-V") {
    console.log(`wardenkit ${packageVersion()}`);
    return 0;
  }
  const cmd = await loadCommand(name);
  if (!cmd) {
    console.error(`wardenkit: unknown command '${name}'. Commands: ${commandNames().join(", ")}`);
    return 2;
  }
  if (rest.includes("--help") || rest.includes("-h")) {
    console.log(`${cmd.summary}\n\nUsage: ${cmd.usage}${cmd.details ? `\n\n${cmd.details}` : ""}`);
    return 0;
  }
  try {
    return await cmd.run(rest);
  } catch (err) {
    // Errors reach the user as one line; the stack is only for debugging.
    const message = err instanceof Error ? err.message : String(err);
    console.error(`wardenkit ${name}: ${message}`);
    if (process.env.WARDENKIT_DEBUG && err instanceof Error) console.error(err.stack);
    return err instanceof CliError ? err.exitCode : 1;
  }
}
