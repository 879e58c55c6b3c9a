// The files whose change reloads serve: policies.yml and the module files it names, or dist/
// and the settings of every policy there. A policy whose settings cannot be read or are
// refused is watched like any other, so that fixing its file reloads it.
import { basename, dirname, resolve } from "node:path";
import { policyIn } from "../project/policies.ts";
import type { DistSettings, PolicyConfig, ServeConfig } from "./config.ts";
import type { WatchTarget } from "./file-watcher.ts";
import { ModuleLocationError, parseModuleLocation } from "../modules/location.ts";

export interface ConfigSource {
  /** policies.yml; without it, every module in distDir. */
  configPath?: string;
  distDir: string;
  /** Without configPath: where each dist/ policy's settings come from. */
  distSettings?: DistSettings;
}

function file(path: string): WatchTarget {
  return { dir: dirname(path), matches: (f) => f === basename(path) };
}

/** The local file a configured module is read from; null for a download, or a location that does not parse (its load says why). */
function moduleFile(policy: PolicyConfig): string | null {
  try {
    const location = parseModuleLocation(policy.module, { baseDir: policy.baseDir });
    return location.kind === "file" ? location.path : null;
  } catch (err) {
    if (err instanceof ModuleLocationError) return null;
    throw err;
  }
}

function distTargets(source: ConfigSource, config: ServeConfig): WatchTarget[] {
  const settings = source.distSettings ?? {};
  const targets: WatchTarget[] = [{ dir: resolve(source.distDir), matches: (f) => f.endsWith(".wasm") }];
  if (settings.policiesDir) {
    const ids = new Set([...config.policies, ...config.problems].map((p) => p.id));
    for (const id of ids) targets.push(file(policyIn(settings.policiesDir, id).settingsFile));
  }
  for (const path of Object.values(settings.files ?? {})) targets.push(file(path));
  return targets;
}

export function watchTargets(source: ConfigSource, config: ServeConfig): WatchTarget[] {
  if (!source.configPath) return distTargets(source, config);
  const targets = [file(resolve(source.configPath))];
  for (const policy of config.policies) {
    const path = moduleFile(policy);
    if (path) targets.push(file(path));
  }
  return targets;
}
