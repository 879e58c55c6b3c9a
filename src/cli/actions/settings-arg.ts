// `--settings` names a file or holds the settings inline. Settings are always a mapping,
// so a value that is neither an existing file nor a mapping is a file name that is missing.
import { existsSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { parseJsonOrYaml } from "../../io/yaml-on-demand.ts";
import { readSettings } from "../../inputs/documents.ts";
import { CliError } from "../errors.ts";

function isInlineMapping(value: string): boolean {
  try {
    const parsed: unknown = parseJsonOrYaml(value);
    return typeof parsed === "object" && parsed !== null && !Array.isArray(parsed);
  } catch {
    return value.trimStart().startsWith("{"); // broken inline JSON: readSettings says why
  }
}

export function readSettingsArg(value: string | undefined): unknown {
  if (value === undefined || value.trim() === "") return readSettings(undefined);
  const path = resolve(value);
  if (existsSync(path) && statSync(path).isDirectory()) throw new CliError(`--settings ${value} is a directory, not a settings file`);
  if (!existsSync(path) && !isInlineMapping(value)) {
    throw new CliError(`--settings ${value}: no such file, and not inline settings either (a JSON or YAML mapping such as '{"key": "value"}')`);
  }
  return readSettings(value);
}
