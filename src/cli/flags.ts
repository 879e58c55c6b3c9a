// The one way a command declares a flag: its value's type and placeholder, its default and
// what it means. A flag turns what node:util parseArgs read into its typed value, or refuses
// it with a UsageError.
import { parseDuration } from "./duration.ts";
import { UsageError } from "./errors.ts";
import { positiveNumber, type NumberRule } from "./numbers.ts";
import type { OutputFormat } from "./output/result.ts";

/** What node:util parseArgs read for a flag. */
export type RawFlagValue = string | string[] | boolean | undefined;

export interface Flag<T> {
  /** False for a switch (`--force`), true for `--flag <value>`. */
  readonly takesValue: boolean;
  /** Given more than once, every value is kept. */
  readonly multiple?: boolean;
  readonly short?: string;
  /** The placeholder of the value in the help: `--request <file>`. */
  readonly value?: string;
  readonly description: string;
  /** Shown in the help as "(default …)". */
  readonly defaultText?: string;
  readonly required?: boolean;
  convert(raw: RawFlagValue, flag: string): T;
}

export type FlagSet = Record<string, Flag<unknown>>;
export type FlagValues<F extends FlagSet> = { [K in keyof F]: F[K] extends Flag<infer T> ? T : never };

interface Common {
  short?: string;
}

export function booleanFlag(description: string, options: Common = {}): Flag<boolean> {
  return { ...options, takesValue: false, description, convert: (raw) => raw === true };
}

export function stringFlag(value: string, description: string, options: Common & { default: string }): Flag<string>;
export function stringFlag(value: string, description: string, options?: Common): Flag<string | undefined>;
export function stringFlag(value: string, description: string, options: Common & { default?: string } = {}): Flag<string | undefined> {
  const { default: fallback, ...common } = options;
  return { ...common, takesValue: true, value, description, defaultText: fallback, convert: (raw) => (raw as string | undefined) ?? fallback };
}

/** A flag the command cannot run without. */
export function requiredFlag(value: string, description: string, options: Common = {}): Flag<string> {
  return {
    ...options, takesValue: true, value, description, required: true,
    convert: (raw, flag) => {
      if (raw === undefined) throw new UsageError(`missing ${flag} <${value}>`);
      return raw as string;
    },
  };
}

/** Repeatable; with `commas`, `--x a,b --x c` is [a, b, c]; `required`: at least one value. */
export function listFlag(value: string, description: string, options: Common & { commas?: boolean; required?: boolean } = {}): Flag<string[]> {
  const { commas, ...common } = options;
  return {
    ...common, takesValue: true, multiple: true, value, description,
    convert: (raw, flag) => {
      const given = (raw as string[] | undefined) ?? [];
      const values = commas ? given.flatMap((v) => v.split(",")).map((v) => v.trim()).filter(Boolean) : given;
      if (options.required && values.length === 0) throw new UsageError(`missing ${flag} <${value}>`);
      return values;
    },
  };
}

/** "a, b or c" */
function oneOf(choices: readonly string[]): string {
  return choices.length > 1 ? `${choices.slice(0, -1).join(", ")} or ${choices.at(-1)}` : choices.join("");
}

export function choiceFlag<C extends string>(choices: readonly C[], description: string, options: Common & { default: C }): Flag<C>;
export function choiceFlag<C extends string>(choices: readonly C[], description: string, options?: Common): Flag<C | undefined>;
export function choiceFlag<C extends string>(choices: readonly C[], description: string, options: Common & { default?: C } = {}): Flag<C | undefined> {
  const { default: fallback, ...common } = options;
  return {
    ...common, takesValue: true, value: choices.join("|"), description, defaultText: fallback,
    convert: (raw, flag) => {
      if (raw === undefined) return fallback;
      if ((choices as readonly string[]).includes(raw as string)) return raw as C;
      throw new UsageError(`${flag} must be ${oneOf(choices)}, not '${raw}'`);
    },
  };
}

/**
 * `-o/--output <format>`: the formats a command offers, among those the renderer writes
 * (src/cli/output). Its run then returns a result with the views these formats need.
 */
export function outputFlag<F extends OutputFormat>(formats: readonly F[], defaultFormat: F): Flag<F> {
  return choiceFlag(formats, "output format", { short: "o", default: defaultFormat });
}

export function numberFlag(value: string, description: string, options: Common & NumberRule & { default: number }): Flag<number>;
export function numberFlag(value: string, description: string, options?: Common & NumberRule): Flag<number | undefined>;
export function numberFlag(value: string, description: string, options: Common & NumberRule & { default?: number } = {}): Flag<number | undefined> {
  const { default: fallback, zero, integer, max, ...common } = options;
  return {
    ...common, takesValue: true, value, description, defaultText: fallback === undefined ? undefined : String(fallback),
    convert: (raw, flag) => (raw === undefined ? fallback : positiveNumber(raw as string, flag, { zero, integer, max })),
  };
}

/** A duration such as 120s or 1m30s, in milliseconds. */
export function durationFlag(value: string, description: string, options: Common & { default: string }): Flag<number>;
export function durationFlag(value: string, description: string, options?: Common): Flag<number | undefined>;
export function durationFlag(value: string, description: string, options: Common & { default?: string } = {}): Flag<number | undefined> {
  const { default: fallback, ...common } = options;
  return {
    ...common, takesValue: true, value, description, defaultText: fallback,
    convert: (raw, flag) => {
      const text = (raw as string | undefined) ?? fallback;
      return text === undefined ? undefined : parseDuration(text, flag);
    },
  };
}
