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

/** `256 MiB`, `1.5 KiB`, or exactly in bytes (`2,047 bytes`) when a unit would round it. */
export function formatSize(bytes: number): string {
  for (const [unit, size] of [["GiB", 1024 * MIB], ["MiB", MIB], ["KiB", 1024]] as const) {
    const tenths = (bytes * 10) / size;
    if (bytes >= size && Number.isInteger(tenths)) return `${tenths / 10} ${unit}`;
  }
  return `${bytes.toLocaleString("en")} byte${bytes === 1 ? "" : "s"}`;
}

/** The limit in force: the variable's size when set, the default otherwise. */
export function maxInputBytes(env: NodeJS.ProcessEnv = process.env): number {
  const value = env[MAX_INPUT_SIZE_VARIABLE];
  if (value === undefined || value.trim() === "") return DEFAULT_MAX_INPUT_BYTES;
  const bytes = parseSize(value);
  if (bytes === undefined) throw new InputSizeSettingError(`${MAX_INPUT_SIZE_VARIABLE} must be a size such as 64MiB or 1GiB (units B, KiB, MiB, GiB), not '${value}'`);
  return bytes;
}

/** What every refusal for size says after the input's name: its size if known, the limit, and how to raise it. */
export function tooLargeReason(limit: number, size?: number): string {
  const holds = size === undefined ? "more than" : `${formatSize(size)}, more than`;
  return `it holds ${holds} the limit of ${formatSize(limit)} on one input (set ${MAX_INPUT_SIZE_VARIABLE} to raise it, e.g. ${MAX_INPUT_SIZE_VARIABLE}=1GiB)`;
}
