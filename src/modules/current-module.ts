// Before `wardenkit test` or `run` runs a module the project builds (dist/<policy>.wasm, or a
// module in a folder `wardenkit build` wrote), it is checked against what it is made from,
// with the build's own record (dist/.build-state): a module older than its sources is
// rebuilt, saying which input changed, and one that cannot be rebuilt is refused.
import { existsSync } from "node:fs";
import { basename, dirname, join, relative, resolve } from "node:path";
import { buildInputs } from "../build/build-inputs.ts";
import { BUILD_STATE_DIR, staleReason } from "../build/build-state.ts";
import { buildIfChanged } from "../build/incremental-build.ts";
import { POLICY_NAME, type PolicySource } from "../project/policies.ts";
import { findProject, locateProject, type Project } from "../project/project.ts";

export class StaleModuleError extends Error {}

export interface CurrentModuleOptions {
  /** The project whose policies are built; the one around the working directory by default. */
  project?: Project;
  /** Where "rebuilding…" goes: stderr by default, so that `-o json` stays clean. */
  log?: (line: string) => void;
}

/** The policy `modulePath` is the build of, when the project builds it there. */
export function builtPolicy(modulePath: string, project: Project): PolicySource | null {
  const name = basename(modulePath, ".wasm");
  if (!modulePath.endsWith(".wasm") || !POLICY_NAME.test(name)) return null;
  const source = project.policy(name);
  if (!existsSync(source.entry)) return null;
  const outDir = dirname(modulePath);
  const builtThere = outDir === project.folders.dist || existsSync(join(outDir, BUILD_STATE_DIR, `${name}.json`));
  return builtThere ? source : null;
}

async function rebuildIfStale(modulePath: string, options: CurrentModuleOptions): Promise<void> {
  // A module outside any project is not built by wardenkit: nothing to compare it with.
  const project = options.project ?? (locateProject() ? findProject() : null);
  if (!project) return;
  const source = builtPolicy(modulePath, project);
  if (!source) return;
  const outDir = dirname(modulePath);
  const reason = staleReason(outDir, source.name, modulePath, buildInputs(project.root, source, project.version));
  if (reason === null) return;
  const shown = relative(process.cwd(), modulePath) || modulePath;
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  log(`${shown} is out of date (${reason}): rebuilding it`);
  try {
    await buildIfChanged(project, source, outDir);
  } catch (err) {
    throw new StaleModuleError(`${shown} is out of date (${reason}) and rebuilding it failed, so it is not run: ${(err as Error).message}`);
  }
}

/** Checks in progress, so that two runs of the same module at once rebuild it once. */
const checking = new Map<string, Promise<void>>();

/** Resolves once `modulePath` is current (rebuilt if it had to be); rejects with StaleModuleError. */
export function ensureCurrentModule(modulePath: string, options: CurrentModuleOptions = {}): Promise<void> {
  const path = resolve(modulePath);
  let check = checking.get(path);
  if (!check) {
    check = rebuildIfStale(path, options).finally(() => checking.delete(path));
    checking.set(path, check);
  }
  return check;
}
