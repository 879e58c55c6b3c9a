// The one way to declare a command: its name, summary, positionals and flags (among them the
// output formats it offers), examples for `--help`, and its run, imported only when the
// command runs, so that parsing and `--help` load nothing heavy.
import type { Flag, FlagSet, FlagValues } from "./flags.ts";
import type { CommandIo } from "./io.ts";
import type { AnyCommandResult, CommandResult, OutputFormat } from "./output/result.ts";

export interface Positional {
  /** The placeholder in the usage line: `<module>`. */
  name: string;
  description: string;
  optional?: boolean;
  /** Takes every remaining argument, at least one unless optional (the last positional only). */
  variadic?: boolean;
}

/** A command line as a user would type it, and what it does: `--help` shows them as gator and kyverno do. */
export interface Example {
  /** `wardenkit test fixtures -o junit > cases.xml`: parsed by the command's own declaration in the tests. */
  command: string;
  description: string;
}

export interface CommandInput<F extends FlagSet> {
  flags: FlagValues<F>;
  /** The positionals, their number already checked against the declaration. */
  args: string[];
  io: CommandIo;
}

/**
 * The formats a command offers with `output: outputFlag(…)`; text alone without one; none
 * promised when its flags are not known (an erased Command).
 */
type DeclaredFormats<F extends FlagSet> = string extends keyof F ? never
  : F extends { output: Flag<infer O extends OutputFormat> } ? O : "text";

/** What a command's run returns when it has one result: the views its declared formats need. */
export type ResultOf<F extends FlagSet> = CommandResult<DeclaredFormats<F>>;

/** What a command's run module exports. */
export interface CommandRun<F extends FlagSet> {
  /** The result for the renderer to print, or the exit code of a command that printed as it went. */
  run(input: CommandInput<F>): Promise<number | ResultOf<F>>;
}

/** Flags where `output`, if there, is the output format. */
type CommandFlags = FlagSet & { output?: Flag<OutputFormat> };

export interface CommandSpec<F extends CommandFlags> {
  name: string;
  summary: string;
  positionals?: readonly Positional[];
  flags: F;
  /** More for `--help`, after the options: one paragraph per entry. */
  details?: readonly string[];
  /** For `--help`, after the details; every registered command has at least one. */
  examples?: readonly Example[];
  load(): Promise<CommandRun<F>>;
}

/** A declared command, with its flag types erased so that every command fits one registry. */
export interface Command {
  name: string;
  summary: string;
  positionals: readonly Positional[];
  flags: FlagSet;
  details: readonly string[];
  examples: readonly Example[];
  load(): Promise<{ run(input: CommandInput<FlagSet>): Promise<number | AnyCommandResult> }>;
}

export function defineCommand<F extends CommandFlags>(spec: CommandSpec<F>): Command {
  return { positionals: [], details: [], examples: [], ...spec } as unknown as Command;
}
