// Flag parsing shared by the commands: node:util parseArgs, with its errors turned into
// usage errors (exit code 2) that quote the command's usage line.
import { parseArgs, type ParseArgsConfig } from "node:util";
import { CliError } from "./errors.ts";

export const USAGE_EXIT_CODE = 2;

export function parseFlags<T extends NonNullable<ParseArgsConfig["options"]>>(args: string[], options: T, usage: string) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (err) {
    throw new CliError(`${(err as Error).message}; usage: ${usage}`, USAGE_EXIT_CODE);
  }
}

export function usageError(problem: string, usage: string): CliError {
  return new CliError(`${problem}; usage: ${usage}`, USAGE_EXIT_CODE);
}

/** `-o json` or nothing (human text). */
export function isJsonOutput(output: string | undefined, usage: string): boolean {
  if (output === undefined) return false;
  if (output === "json") return true;
  throw usageError(`unknown output format '${output}' (only json)`, usage);
}
