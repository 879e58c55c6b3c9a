// The one parse of the YAML wardenkit reads (requests, settings, manifests, objects, case and
// suite files, sessions, metadata): one document here, streams in yaml-stream.ts, with the same
// limits everywhere: nesting (js-yaml's 100 levels) and aliases (yaml-aliases.ts). js-yaml
// with the core schema of YAML 1.2, so that timestamps stay the strings Kubernetes sees: on a
// 20 MB case file it takes about 5 s and 200 MB where the yaml package takes 74 s and 2.5 GB.
// The yaml package writes YAML (`-o yaml`, manifests). Both are loaded on first use: each takes
// about as long to load as the rest of `wardenkit run`, which a JSON request never needs.
import { createRequire } from "node:module";
import type { LoadOptions, Type, YAMLException } from "js-yaml";
import { aliasProblem } from "./yaml-aliases.ts";

type YamlLibrary = typeof import("yaml");
type JsYaml = typeof import("js-yaml");

const require = createRequire(import.meta.url);
let writer: YamlLibrary | undefined;
let reader: JsYaml | undefined;

/** The yaml package, for writing YAML. */
export function yaml(): YamlLibrary {
  writer ??= require("yaml") as YamlLibrary;
  return writer;
}

export function jsYaml(): JsYaml {
  reader ??= require("js-yaml") as JsYaml;
  return reader;
}

/** How deep mappings and lists may nest (js-yaml's default, named so that messages can say it). */
export const MAX_YAML_DEPTH = 100;

/** YAML that cannot be read; the message follows the input's name: "`x.yaml` is not valid YAML: …". */
export class YamlError extends Error {
  /** The whole message, for an input called `source`. */
  about(source: string): string {
    return `${source} ${this.message}`;
  }
}

/** A js-yaml failure on one line, its line counted from `firstLine` (0 when the text is the whole input). */
export function yamlFailure(err: unknown, firstLine = 0): unknown {
  if ((err as Error)?.name !== "YAMLException") return err;
  const { reason, mark } = err as YAMLException;
  if (/^nesting exceeded maxDepth/.test(reason)) return new YamlError(`is refused: it nests more than ${MAX_YAML_DEPTH} levels deep`);
  const where = mark ? ` at line ${firstLine + mark.line + 1}, column ${mark.column + 1}` : "";
  return new YamlError(`is not valid YAML: ${reason}${where}`);
}

/** The options of every reading: core schema, nesting limit, and any custom types (kwctl's tags). */
export function loadOptions(types: Type[] = []): LoadOptions {
  const { CORE_SCHEMA } = jsYaml();
  // maxDepth is newer than js-yaml's type declarations.
  return { schema: types.length ? CORE_SCHEMA.extend(types) : CORE_SCHEMA, maxDepth: MAX_YAML_DEPTH } as LoadOptions;
}

/** A document's value, refused when its aliases would copy out past the limit. */
export function checkedAliases<T>(value: T): T {
  const problem = aliasProblem(value);
  if (problem) throw new YamlError(problem);
  return value;
}

/** One YAML document (JSON included) as plain values. */
export function parseYaml(text: string, types: Type[] = []): unknown {
  let value: unknown;
  try {
    value = jsYaml().load(text, loadOptions(types));
  } catch (err) {
    throw yamlFailure(err);
  }
  return checkedAliases(value);
}

/** JSON text as JSON, without loading the YAML parser; anything else (YAML is a superset) as YAML. */
export function parseJsonOrYaml(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return parseYaml(text);
  }
}
