// Durations on the command line, as kubectl writes them: 120s, 2m, 1m30s, 500ms, 1h.
import { UsageError } from "./errors.ts";

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Milliseconds of a duration given to `flag`. */
export function parseDuration(text: string, flag: string): number {
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)];
  const consumed = parts.map((p) => p[0]).join("");
  if (!parts.length || consumed !== text) throw new UsageError(`${flag}: invalid duration '${text}' (e.g. 120s, 2m, 1m30s)`);
  return parts.reduce((total, [, amount, unit]) => total + Number(amount) * UNIT_MS[unit], 0);
}
