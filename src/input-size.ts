// The most wardenkit reads from one input (a file, or standard input): WARDENKIT_MAX_INPUT_SIZE,
// 256 MiB by default. An environment variable rather than a flag, so that it reaches every file
// a command reads, those a suite or a case file names included, in every command.
export const MAX_INPUT_SIZE_VARIABLE = "WARDENKIT_MAX_INPUT_SIZE";
const MIB = 1024 * 1024;
/** Far above any manifest stream or request seen in practice, far below what would exhaust memory. */
export const DEFAULT_MAX_INPUT_BYTES = 256 * MIB;

const UNITS: Record<string, number> = { "": 1, b: 1, kib: 1024, mib: MIB, gib: 1024 * MIB };

export class InputSizeSettingError extends Error {}

/** Bytes of a size such as 4096, 64KiB, 256MiB or 1GiB. */
export function parseSize(text: string): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  const unit = match ? UNITS[match[2].toLowerCase()] : undefined;
  if (!match || unit === undefined) return undefined;
  const bytes = Math.floor(Number(match[1]) * unit);
  return bytes > 0 ? bytes : undefined;
}

/** `256 MiB`, `1.5 KiB`, `100 bytes`. */
export function formatSize(bytes: number): string {
  for (const [unit, size] of [["GiB", 1024 * MIB], ["MiB", MIB], ["KiB", 1024]] as const) {
    if (bytes >= size) return `${Number((bytes / size).toFixed(1))} ${unit}`;
  }
  return `${bytes} byte${bytes === 1 ? "" : "s"}`;
}

/** The limit in force: the variable's size when set, the default otherwise. */
export function maxInputBytes(env: NodeJS.ProcessEnv = process.env): number {
  const value = env[MAX_INPUT_SIZE_VARIABLE];
  if (value === undefined || value.trim() === "") return DEFAULT_MAX_INPUT_BYTES;
  const bytes = parseSize(value);
  if (bytes === undefined) throw new InputSizeSettingError(`${MAX_INPUT_SIZE_VARIABLE} must be a size such as 64MiB or 1GiB (units B, KiB, MiB, GiB), not '${value}'`);
  return bytes;
}

/** The end of every message about the limit: what it is and how to raise it. */
export function sizeLimitAdvice(limit: number): string {
  return `the limit on one input is ${formatSize(limit)}; set ${MAX_INPUT_SIZE_VARIABLE} to raise it (for example ${MAX_INPUT_SIZE_VARIABLE}=1GiB)`;
}
