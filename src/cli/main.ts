// The `wardenkit` command line: finds the command, answers `--help`, parses the arguments
// with the command's declaration, then imports and runs it and prints its result in the
// format asked for. Returns the exit code; writes only through `io`, so a test can run a
// command in-process.
import { packageVersion } from "../io/package-root.ts";
import { redactLines } from "../io/redact.ts";
import { parseCommandLine, asksForHelp } from "./command-line.ts";
import type { Command } from "./command.ts";
import { CliError, EXIT_FAILURE, EXIT_SUCCESS, EXIT_USAGE, UsageError } from "./errors.ts";
import { commandHelp, programHelp, usageLine } from "./help.ts";
import { PROCESS_IO, printLine, type CommandIo } from "./io.ts";
import { render } from "./output/render.ts";
import type { AnyCommandResult, OutputFormat } from "./output/result.ts";
import { COMMANDS, findCommand } from "./registry.ts";

/** The result on stdout in `format`, then why the command fails, if it does, on stderr. */
function printResult(command: Command, result: AnyCommandResult, format: OutputFormat, io: CommandIo): number {
  io.stdout.write(render(result, format, command.name));
  if (result.failure) printLine(io.stderr, redactLines(`wardenkit ${command.name}: ${result.failure}`));
  return result.exitCode ?? EXIT_SUCCESS;
}

async function runCommand(command: Command, argv: string[], io: CommandIo): Promise<number> {
  try {
    const { flags, args } = parseCommandLine(command, argv);
    const { run } = await command.load();
    const outcome = await run({ flags, args, io });
    // A command without -o prints text.
    return typeof outcome === "number" ? outcome : printResult(command, outcome, (flags.output as OutputFormat | undefined) ?? "text", io);
  } catch (err) {
    // Errors reach the user as one line, redacted; the stack is only for debugging.
    const message = err instanceof Error ? err.message : String(err);
    const usage = err instanceof UsageError ? `; usage: ${usageLine(command)}` : "";
    printLine(io.stderr, redactLines(`wardenkit ${command.name}: ${message}${usage}`));
    if (process.env.WARDENKIT_DEBUG && err instanceof Error) printLine(io.stderr, redactLines(err.stack ?? ""));
    return err instanceof CliError ? err.exitCode : EXIT_FAILURE;
  }
}

export async function main(argv: string[], io: CommandIo = PROCESS_IO): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    io.stderr.write(programHelp(COMMANDS));
    return EXIT_USAGE;
  }
  if (name === "--help" || name === "-h" || name === "help") {
    io.stdout.write(programHelp(COMMANDS));
    return EXIT_SUCCESS;
  }
  if (name === "--version" || name === "-V") {
    printLine(io.stdout, `wardenkit ${packageVersion()}`);
    return EXIT_SUCCESS;
  }
  const command = findCommand(name);
  if (!command) {
    printLine(io.stderr, `wardenkit: unknown command '${name}'. Commands: ${COMMANDS.map((c) => c.name).join(", ")}`);
    return EXIT_USAGE;
  }
  if (asksForHelp(rest)) {
    io.stdout.write(commandHelp(command));
    return EXIT_SUCCESS;
  }
  return runCommand(command, rest, io);
}
