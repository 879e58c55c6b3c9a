// A policy's settings on the command line, the same for every command that takes them:
// `--settings` names a file or holds them inline; without it, a project policy has the
// settings of its policies/<name>/settings.yml (those it is published and served with), and
// any other module none ({}). Settings the module refuses are an error that says where they
// came from and which flag gives others.
import { existsSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { PolicyEvaluator } from "../../host/evaluator.ts";
import type { PolicyModule } from "../../host/policy-module.ts";
import { parseJsonOrYaml } from "../../io/yaml-on-demand.ts";
import { readSettings } from "../../inputs/documents.ts";
import { readPolicySettings, shownPath, type PolicySource } from "../../project/policies.ts";
import { CliError } from "../errors.ts";

export interface SettingsArg {
  value: unknown;
  /** The flag that gives them: `--settings`, or `--member-settings <name>=…` for a group member. */
  flag: string;
  /** Where they come from when the flag was not given: the policy's settings.yml, or nowhere ({}). */
  defaultFile?: string;
  given: boolean;
}

function isInlineMapping(value: string): boolean {
  try {
    const parsed: unknown = parseJsonOrYaml(value);
    return typeof parsed === "object" && parsed !== null && !Array.isArray(parsed);
  } catch {
    return value.trimStart().startsWith("{"); // broken inline JSON: readSettings says why
  }
}

/**
 * The settings `value` holds or names. Settings are always a mapping, so a value that is
 * neither an existing file nor a mapping is a file name that is missing.
 */
export function readSettingsArg(value: string, flag = "--settings"): unknown {
  if (value.trim() === "") return readSettings(undefined);
  const path = resolve(value);
  if (existsSync(path) && statSync(path).isDirectory()) throw new CliError(`${flag} ${value} is a directory, not a settings file`);
  if (!existsSync(path) && !isInlineMapping(value)) {
    throw new CliError(`${flag} ${value}: no such file, and not inline settings either (a JSON or YAML mapping such as '{"key": "value"}')`);
  }
  return readSettings(value);
}

/** The flag's settings when given; else `policy`'s settings.yml; else {} for a module that is no project policy. */
export function settingsFor(value: string | undefined, policy: PolicySource | undefined, flag = "--settings"): SettingsArg {
  if (value !== undefined) return { value: readSettingsArg(value, flag), flag, given: true };
  if (!policy) return { value: {}, flag, given: false };
  try {
    return { value: readPolicySettings(policy), flag, defaultFile: shownPath(policy.settingsFile), given: false };
  } catch (err) {
    throw new CliError(`${(err as Error).message}; or give the settings with ${flag}`);
  }
}

/** Where settings came from, for a message about them: nothing when the user gave them. */
function origin(settings: SettingsArg): string {
  if (settings.given) return "";
  if (settings.defaultFile) return ` (read from ${settings.defaultFile}; ${settings.flag} gives others)`;
  return ` (no settings were given: ${settings.flag} gives them)`;
}

/**
 * Refuses settings the module's validate_settings rejects, as a policy-server refuses to start
 * with them; `subject` names the module among several (a group's member).
 */
export function checkSettingsArg(module: PolicyModule, settings: SettingsArg, subject?: string): void {
  const verdict = new PolicyEvaluator(module).validateSettings(settings.value);
  if (verdict.valid) return;
  throw new CliError(`${subject ? `${subject}: ` : ""}invalid settings: ${verdict.message ?? "rejected by the policy"}${origin(settings)}`);
}
