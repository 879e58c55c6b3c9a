// The yaml package, loaded on first use: it takes about as long to load as the rest of
// `wardenkit run` together, and a run given only JSON (the usual request) never needs it.
import { createRequire } from "node:module";

type YamlLibrary = typeof import("yaml");

let library: YamlLibrary | undefined;

export function yaml(): YamlLibrary {
  library ??= createRequire(import.meta.url)("yaml") as YamlLibrary;
  return library;
}

/** JSON text as JSON, without loading the YAML parser; anything else (YAML is a superset) as YAML. */
export function parseJsonOrYaml(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return yaml().parse(text);
  }
}
