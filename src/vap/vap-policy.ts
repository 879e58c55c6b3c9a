// One bound VAP, end to end: planned, compiled, written as a policy folder of the project
// (where `wardenkit new` puts one), built by the usual incremental build, and its manifest
// written, checked against the CRD schema and its settings against the module's
// validate_settings.
import { existsSync, mkdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { buildIfChanged } from "../build/incremental-build.ts";
import { writeFileAtomically } from "../io/atomic-file.ts";
import { validatePolicyManifest } from "../manifests/crd-schema.ts";
import { manifestText } from "../manifests/manifest-text.ts";
import { checkSettings, loadModule, metadataOf } from "../manifests/module-manifest.ts";
import { buildPolicyManifest, DEFAULT_POLICY_SERVER, withoutUndefined, type PolicyManifest } from "../manifests/policy-manifest.ts";
import type { Project } from "../project/project.ts";
import { shownPath } from "../project/policies.ts";
import type { BoundVap } from "./bind-vaps.ts";
import { ENTRY_FILE, policyFolderFiles, type VapCompiler } from "./folder-files.ts";
import { clusterWide, planPolicy, type PolicyPlan } from "./policy-plan.ts";
import { parseYaml } from "../io/yaml-on-demand.ts";
import { VapInputError } from "./vap-objects.ts";

export interface VapPolicyOptions {
  project: Project;
  /** Where the manifests are written, as <name>.yaml. */
  manifestDir: string;
  /** Replace a policy folder of the same name. */
  force?: boolean;
  policyServer?: string;
  onBuilding?: (name: string, reason: string) => void;
}

export interface WrittenVapPolicy {
  plan: PolicyPlan;
  folder: string;
  module: string;
  manifest: PolicyManifest;
  manifestPath: string;
}

/** registry://<registry>/<name>:v<version> when the project names a registry, else the built file. */
export function moduleLocation(project: Project, name: string): string {
  const registry = project.identity.registry;
  return registry ? `registry://${registry}/${name}:v${project.version}` : `file://${project.module(name)}`;
}

/** The compiler's files, checked to lie inside the folder and to have an entry. */
function checkFiles(files: Record<string, string>): Record<string, string> {
  if (files[ENTRY_FILE] === undefined) throw new VapInputError(`the compiler wrote no ${ENTRY_FILE}`);
  const outside = Object.keys(files).find((path) => path.startsWith("/") || path.split("/").includes(".."));
  if (outside) throw new VapInputError(`the compiler wrote ${outside}, outside the policy folder`);
  return files;
}

function writeFolder(dir: string, files: Record<string, string>): void {
  rmSync(dir, { recursive: true, force: true });
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileAtomically(join(dir, path), text);
  }
}

/** The plan's manifest for the built module. */
export function planManifest(plan: PolicyPlan, metadata: Parameters<typeof buildPolicyManifest>[0], module: string, policyServer = DEFAULT_POLICY_SERVER): PolicyManifest {
  const manifest = buildPolicyManifest(metadata, {
    kind: plan.kind, name: plan.name, namespace: plan.namespace, module, settings: plan.settings,
    mode: plan.mode, policyServer, failurePolicy: plan.failurePolicy,
  });
  const { settings, ...spec } = manifest.spec;
  // Selectors, conditions and matchPolicy before the settings, which stay last.
  manifest.spec = withoutUndefined({
    ...spec,
    namespaceSelector: plan.namespaceSelector,
    objectSelector: plan.objectSelector,
    matchConditions: plan.matchConditions.length ? plan.matchConditions : undefined,
    matchPolicy: plan.matchPolicy,
    settings,
  });
  validatePolicyManifest(manifest);
  return manifest;
}

/** A bound VAP planned and compiled: the policy folder's files, nothing written yet. */
export interface PreparedVapPolicy {
  plan: PolicyPlan;
  files: Record<string, string>;
}

export function prepareVapPolicy(bound: BoundVap, compile: VapCompiler): PreparedVapPolicy {
  const planned = planPolicy(bound);
  const compiled = compile({ vap: bound.policy.object, ...(bound.params ? { params: bound.params } : {}) }, { name: planned.name });
  const plan = readsCluster(compiled.files["metadata.yml"]) ? clusterWide(planned) : planned;
  return { plan, files: checkFiles(policyFolderFiles(plan, bound, compiled)) };
}

/** Whether the compiled metadata lists resources the module reads from the cluster. */
function readsCluster(metadata: string | undefined): boolean {
  const parsed = metadata === undefined ? undefined : parseYaml(metadata) as { contextAwareResources?: unknown[] } | null;
  return (parsed?.contextAwareResources?.length ?? 0) > 0;
}

/** Refuses to replace a policy folder unless told to. */
export function checkFolderFree(project: Project, name: string, force: boolean | undefined): void {
  const dir = project.policy(name).dir;
  if (existsSync(dir) && !force) throw new VapInputError(`${shownPath(dir)} already exists; give --force to replace it with the compiled policy`);
}

export async function writeVapPolicy({ plan, files }: PreparedVapPolicy, options: VapPolicyOptions): Promise<WrittenVapPolicy> {
  const { project } = options;
  const source = project.policy(plan.name);
  checkFolderFree(project, plan.name, options.force);
  writeFolder(source.dir, files);
  const built = await buildIfChanged(project, source, project.folders.dist, { onBuilding: options.onBuilding });
  const module = await loadModule(built.path);
  const manifest = planManifest(plan, metadataOf(module, built.path), moduleLocation(project, plan.name), options.policyServer);
  checkSettings(module, manifest.spec.settings);
  const manifestPath = join(options.manifestDir, `${plan.name}.yaml`);
  mkdirSync(options.manifestDir, { recursive: true });
  writeFileAtomically(manifestPath, manifestText(manifest));
  return { plan, folder: source.dir, module: built.path, manifest, manifestPath };
}
