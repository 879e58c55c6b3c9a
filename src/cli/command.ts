// The one way to declare a command: its name, summary, positionals and flags, and its run,
// imported only when the command runs, so that parsing and `--help` load nothing heavy.
import type { FlagSet, FlagValues } from "./flags.ts";
import type { CommandIo } from "./io.ts";

export interface Positional {
  /** The placeholder in the usage line: `<module>`. */
  name: string;
  description: string;
  optional?: boolean;
  /** Takes every remaining argument, at least one unless optional (the last positional only). */
  variadic?: boolean;
}

export interface CommandInput<F extends FlagSet> {
  flags: FlagValues<F>;
  /** The positionals, their number already checked against the declaration. */
  args: string[];
  io: CommandIo;
}

/** What a command's run module exports. */
export interface CommandRun<F extends FlagSet> {
  run(input: CommandInput<F>): Promise<number>;
}

export interface CommandSpec<F extends FlagSet> {
  name: string;
  summary: string;
  positionals?: readonly Positional[];
  flags: F;
  /** More for `--help`, after the options: one paragraph per entry. */
  details?: readonly string[];
  load(): Promise<CommandRun<F>>;
}

/** A declared command, with its flag types erased so that every command fits one registry. */
export interface Command {
  name: string;
  summary: string;
  positionals: readonly Positional[];
  flags: FlagSet;
  details: readonly string[];
  load(): Promise<{ run(input: CommandInput<FlagSet>): Promise<number> }>;
}

export function defineCommand<F extends FlagSet>(spec: CommandSpec<F>): Command {
  return { positionals: [], details: [], ...spec } as unknown as Command;
}
