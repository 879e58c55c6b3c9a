// The one parser of every command's arguments: unknown flags, missing or extra positionals
// and bad values are UsageErrors (exit 2, with the usage line).
import { parseArgs } from "node:util";
import type { Command } from "./command.ts";
import { UsageError } from "./errors.ts";
import type { FlagSet, RawFlagValue } from "./flags.ts";

export interface ParsedCommandLine {
  flags: Record<string, unknown>;
  args: string[];
}

/** node:util's messages, in the words of the rest of the command line. */
function parseArgsProblem(err: Error & { code?: string }): string {
  const option = /'(?:-\w, )?(--?[\w-]+)/.exec(err.message)?.[1];
  if (err.code === "ERR_PARSE_ARGS_UNKNOWN_OPTION" && option) return `unknown flag ${option}`;
  if (err.code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE" && option) {
    if (/argument missing/.test(err.message)) return `${option} needs a value`;
    if (/ambiguous/.test(err.message)) return `${option} needs a value (write ${option}=-… for one that starts with a dash)`;
    return `${option} takes no value`;
  }
  return err.message;
}

function checkPositionals(command: Command, args: string[]): void {
  const declared = command.positionals;
  const required = declared.filter((p) => !p.optional);
  const variadic = declared.at(-1)?.variadic;
  if (args.length < required.length) {
    throw new UsageError(`missing ${required.slice(args.length).map((p) => `<${p.name}>`).join(" ")}`);
  }
  if (!variadic && args.length > declared.length) throw new UsageError(`unexpected argument '${args[declared.length]}'`);
}

export function parseCommandLine(command: Command, argv: string[]): ParsedCommandLine {
  const options = Object.fromEntries(Object.entries(command.flags as FlagSet).map(([name, flag]) => [
    name,
    {
      type: flag.takesValue ? ("string" as const) : ("boolean" as const),
      ...(flag.short ? { short: flag.short } : {}),
      ...(flag.multiple ? { multiple: true } : {}),
    },
  ]));
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError(parseArgsProblem(err as Error));
  }
  checkPositionals(command, parsed.positionals);
  const flags: Record<string, unknown> = {};
  for (const [name, flag] of Object.entries(command.flags)) flags[name] = flag.convert(parsed.values[name] as RawFlagValue, `--${name}`);
  return { flags, args: parsed.positionals };
}

/** `--help` or `-h` anywhere before `--`. */
export function asksForHelp(argv: string[]): boolean {
  const end = argv.indexOf("--");
  return (end === -1 ? argv : argv.slice(0, end)).some((arg) => arg === "--help" || arg === "-h");
}
