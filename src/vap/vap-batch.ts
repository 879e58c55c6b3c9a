// What `wardenkit vap` does with its files: reads every VAP, binding and parameter object
// given (files or folders), pairs them, and writes, builds and checks one policy per bound
// VAP. Everything is read and paired before anything is written, so a binding that names an
// unknown policy or a missing parameter object stops the command with nothing half-done.
import type { Project } from "../project/project.ts";
import { bindVaps, type BoundVap } from "./bind-vaps.ts";
import type { VapCompiler } from "./folder-files.ts";
import { readVapInputs } from "./read-vaps.ts";
import { VapInputError } from "./vap-objects.ts";
import { checkFolderFree, prepareVapPolicy, writeVapPolicy, type WrittenVapPolicy } from "./vap-policy.ts";

export interface VapBatchOptions {
  /** VAP files or folders; they may hold bindings and parameter objects too. */
  paths: string[];
  bindings?: string[];
  params?: string[];
  project: Project;
  manifestDir: string;
  compile: VapCompiler;
  force?: boolean;
  policyServer?: string;
  onBuilding?: (name: string, reason: string) => void;
}

/** Every VAP given, with its bindings and parameter objects. */
export function boundVaps(options: Pick<VapBatchOptions, "paths" | "bindings" | "params">): BoundVap[] {
  const inputs = readVapInputs([...options.paths, ...(options.bindings ?? [])]);
  if (inputs.policies.length === 0) throw new VapInputError(`no ValidatingAdmissionPolicy in ${options.paths.join(", ")}`);
  const params = options.params?.length ? readVapInputs(options.params).others : [];
  return bindVaps(inputs, params);
}

/** Compiles every policy before writing any, so a construct the compiler refuses leaves the project as it was. */
export async function compileVapFiles(options: VapBatchOptions): Promise<WrittenVapPolicy[]> {
  const prepared = boundVaps(options).map((bound) => prepareVapPolicy(bound, options.compile));
  for (const { plan } of prepared) checkFolderFree(options.project, plan.name, options.force);
  const written: WrittenVapPolicy[] = [];
  for (const policy of prepared) written.push(await writeVapPolicy(policy, options));
  return written;
}
