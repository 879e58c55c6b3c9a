// The one reading of numbers on the command line. A positive number is above zero; where
// zero means something (no warm-up calls, no regression allowed) the flag says it allows zero.
import { UsageError } from "./errors.ts";

export interface NumberRule {
  /** Zero is accepted too. */
  zero?: boolean;
  /** Only whole numbers (ports, counts). */
  integer?: boolean;
}

export function positiveNumber(text: string, flag: string, rule: NumberRule = {}): number {
  const value = text.trim() === "" ? NaN : Number(text);
  const ok = Number.isFinite(value) && (rule.zero ? value >= 0 : value > 0) && (!rule.integer || Number.isInteger(value));
  if (ok) return value;
  const kind = `${rule.zero ? "zero or a positive" : "a positive"} ${rule.integer ? "whole number" : "number"}`;
  throw new UsageError(`${flag} must be ${kind}, not '${text}'`);
}
