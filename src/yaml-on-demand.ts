// The one parse of YAML that wardenkit reads from users (one document here, streams in
// yaml-stream.ts), with the same limit on aliases everywhere. The yaml package is loaded on
// first use: it takes about as long to load as the rest of `wardenkit run` together, and a run
// given only JSON (the usual request) never needs it.
import { createRequire } from "node:module";
import type { Tags } from "yaml";

type YamlLibrary = typeof import("yaml");

let library: YamlLibrary | undefined;

export function yaml(): YamlLibrary {
  library ??= createRequire(import.meta.url)("yaml") as YamlLibrary;
  return library;
}

/**
 * How far aliases may expand (the yaml package's measure: the uses of each anchor times the
 * aliases inside it). 100, the package's own default, named here so that every reader passes it:
 * a billion-laughs document is refused at once instead of growing to gigabytes.
 */
export const MAX_YAML_ALIAS_COUNT = 100;

/** YAML that cannot be read; the message follows the input's name: "`x.yaml` is not valid YAML: …". */
export class YamlError extends Error {
  /** The whole message, for an input called `source`. */
  about(source: string): string {
    return `${source} ${this.message}`;
  }
}

/** A failure of the yaml package, on one line. */
export function yamlFailure(err: unknown): YamlError {
  const message = (err as Error).message;
  if (/Excessive alias count/.test(message)) return new YamlError(`is refused: its YAML aliases would expand more than ${MAX_YAML_ALIAS_COUNT} times (an alias bomb)`);
  // The parser and the conversion recurse once per level of nesting.
  if (err instanceof RangeError) return new YamlError("is nested too deeply to read");
  // "… at line 3, column 5:" is followed by a copy of the line: keep the first line only.
  return new YamlError(`is not valid YAML: ${message.split("\n")[0].replace(/:$/, "")}`);
}

/** One YAML document (JSON included) as plain values. */
export function parseYaml(text: string, options: { customTags?: Tags } = {}): unknown {
  try {
    // logLevel "error": a warning is not written to the process's stderr behind the command's back.
    return yaml().parse(text, { ...options, maxAliasCount: MAX_YAML_ALIAS_COUNT, logLevel: "error" });
  } catch (err) {
    throw yamlFailure(err);
  }
}

/** JSON text as JSON, without loading the YAML parser; anything else (YAML is a superset) as YAML. */
export function parseJsonOrYaml(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return parseYaml(text);
  }
}
