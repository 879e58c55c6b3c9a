// The one reading of numbers on the command line. A positive number is above zero; where
// zero means something (no warm-up calls, no regression allowed) the flag says it allows zero.
import { UsageError } from "./errors.ts";

export interface NumberRule {
  /** Zero is accepted too. */
  zero?: boolean;
  /** Only whole numbers (ports, counts). */
  integer?: boolean;
  /** The largest value accepted (a port's 65535). */
  max?: number;
}

export function positiveNumber(text: string, flag: string, rule: NumberRule = {}): number {
  const value = text.trim() === "" ? NaN : Number(text);
  const ok = Number.isFinite(value) && (rule.zero ? value >= 0 : value > 0) && (!rule.integer || Number.isInteger(value)) && (rule.max === undefined || value <= rule.max);
  if (ok) return value;
  const noun = rule.integer ? "whole number" : "number";
  const kind = rule.max !== undefined ? `a ${noun} from ${rule.zero ? 0 : 1} to ${rule.max}` : `${rule.zero ? "zero or a positive" : "a positive"} ${noun}`;
  throw new UsageError(`${flag} must be ${kind}, not '${text}'`);
}
