// The files whose change reloads serve: policies.yml and the module files it names, or dist/
// and the settings of every policy there. A policy whose settings cannot be read or are
// refused is watched like any other, so that fixing its file reloads it.
import { basename, dirname, resolve } from "node:path";
import { policyIn } from "../project/policies.ts";
import type { DistSettings, ServeConfig } from "./config.ts";
import type { WatchTarget } from "./file-watcher.ts";
import { locateModule } from "../modules/module-source.ts";

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
    const location = locateModule(policy.module, policy.baseDir);
    if (location.kind === "file") targets.push(file(location.path));
  }
  return targets;
}
