// Builds a policy only when an input of its module changed since the last build into
// the same folder; otherwise the module there is left as it is.
import { join } from "node:path";
import { buildInputs } from "./build-inputs.ts";
import { buildPolicy, type BuiltPolicy } from "./build-policy.ts";
import { recordBuild, staleReason } from "./build-state.ts";
import type { PolicySource } from "../project/policies.ts";
import type { Project } from "../project/project.ts";

export type BuildOutcome =
  | ({ upToDate: false; reason: string } & BuiltPolicy)
  | { upToDate: true; name: string; path: string };

export interface IncrementalOptions {
  /** Build even when nothing changed. */
  force?: boolean;
  /** Called before compiling, with the reason the module is rebuilt. */
  onBuilding?: (name: string, reason: string) => void;
}

export async function buildIfChanged(project: Project, source: PolicySource, outDir = project.folders.dist, options: IncrementalOptions = {}): Promise<BuildOutcome> {
  const path = join(outDir, `${source.name}.wasm`);
  const inputs = buildInputs(project.root, source, project.version); // taken before compiling: an edit made meanwhile rebuilds next time
  const reason = options.force ? "forced" : staleReason(outDir, source.name, path, inputs);
  if (reason === null) return { upToDate: true, name: source.name, path };
  options.onBuilding?.(source.name, reason);
  const built = await buildPolicy(project, source, outDir);
  recordBuild(outDir, source.name, inputs, built.bytes);
  return { upToDate: false, reason, ...built };
}
