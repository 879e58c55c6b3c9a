// Builds a policy only when an input of its module changed since the last build into
// the same folder; otherwise the module there is left as it is. Either way the module's
// SBOM beside it is brought up to date (from the build state, without compiling).
import { join } from "node:path";
import { buildInputs } from "./build-inputs.ts";
import { buildPolicy, type BuiltPolicy } from "./build-policy.ts";
import { readState, recordBuild, staleReason, type BuildState } from "./build-state.ts";
import { writeSbom } from "./sbom.ts";
import type { PolicySource } from "../project/policies.ts";
import type { Project } from "../project/project.ts";

export type BuildOutcome =
  | ({ upToDate: false; reason: string; sbom: string } & BuiltPolicy)
  | { upToDate: true; name: string; path: string; sbom: string };

export interface IncrementalOptions {
  /** Build even when nothing changed. */
  force?: boolean;
  /** Called before compiling, with the reason the module is rebuilt. */
  onBuilding?: (name: string, reason: string) => void;
}

function sbomOf(project: Project, outDir: string, policy: string, state: BuildState): string {
  return writeSbom(outDir, { root: project.root, policy, version: project.version, sha256: state.output, record: state.compiler });
}

export async function buildIfChanged(project: Project, source: PolicySource, outDir = project.folders.dist, options: IncrementalOptions = {}): Promise<BuildOutcome> {
  const path = join(outDir, `${source.name}.wasm`);
  const inputs = buildInputs(project.root, source, project.version); // taken before compiling: an edit made meanwhile rebuilds next time
  const reason = options.force ? "forced" : staleReason(outDir, source.name, path, inputs);
  if (reason === null) return { upToDate: true, name: source.name, path, sbom: sbomOf(project, outDir, source.name, readState(outDir, source.name)!) };
  options.onBuilding?.(source.name, reason);
  const built = await buildPolicy(project, source, outDir);
  const state = recordBuild(outDir, source.name, inputs, built.bytes, built.compiler);
  return { upToDate: false, reason, ...built, sbom: sbomOf(project, outDir, source.name, state) };
}
