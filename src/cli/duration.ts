// Durations on the command line, as kubectl writes them: 120s, 2m, 1m30s, 500ms, 1h.
import { usageError } from "./flags.ts";

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

export function parseDuration(text: string, usage: string): number {
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)];
  const consumed = parts.map((p) => p[0]).join("");
  if (!parts.length || consumed !== text) throw usageError(`invalid duration '${text}' (e.g. 120s, 2m, 1m30s)`, usage);
  return parts.reduce((total, [, amount, unit]) => total + Number(amount) * UNIT_MS[unit], 0);
}
