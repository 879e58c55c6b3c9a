// The `wardenkit` command line: one file per command in ./commands, loaded on demand.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { readProjectVersion } from "../project.ts";
import { CliError } from "./errors.ts";

const COMMANDS_DIR = join(dirname(fileURLToPath(import.meta.url)), "commands");

/** What every file in ./commands exports. */
export interface Command {
  summary: string;
  usage: string;
  /** More for `--help`: what the options mean and their defaults. */
  details?: string;
  run(args: string[]): Promise<number>;
}

export function commandNames(): string[] {
  return readdirSync(COMMANDS_DIR)
    .filter((f) => f.endsWith(".ts"))
    .map((f) => f.slice(0, -3))
    .sort();
}

async function loadCommand(name: string): Promise<Command | null> {
  if (!commandNames().includes(name)) return null;
  return (await import(join(COMMANDS_DIR, `${name}.ts`))) as Command;
}

/**
 * A command's one-line summary, read from its source: importing every command
 * (the Kubernetes client, the server…) would make `--help` take seconds.
 */
export function summaryOf(name: string): string {
  const source = readFileSync(join(COMMANDS_DIR, `${name}.ts`), "utf8");
  return /export const summary\s*=\s*"([^"]*)"/.exec(source)?.[1] ?? "";
}

async function printHelp(): Promise<void> {
  const lines = ["wardenkit: write, test, publish and serve Kubewarden policies in AssemblyScript", "", "Commands:"];
  for (const name of commandNames()) lines.push(`  ${name.padEnd(12)} ${summaryOf(name)}`);
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
    console.log(`wardenkit ${readProjectVersion()}`);
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
