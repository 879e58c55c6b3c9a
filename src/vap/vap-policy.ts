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
import type { BoundVap } from "./bind-vaps.ts";
import { ENTRY_FILE, policyFolderFiles, type VapCompiler } from "./folder-files.ts";
import { planPolicy, type PolicyPlan } from "./policy-plan.ts";
import { VapInputError } from "./vap-objects.ts";

export interface VapPolicyOptions {
  project: Project;
  compile: VapCompiler;
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

function writeFolder(dir: string, files: Record<string, string>, force: boolean | undefined): void {
  if (existsSync(dir)) {
    if (!force) throw new VapInputError(`${dir} already exists; give --force to replace it with the compiled policy`);
    rmSync(dir, { recursive: true, force: true });
  }
  if (files[ENTRY_FILE] === undefined) throw new VapInputError(`the compiler wrote no ${ENTRY_FILE}`);
  for (const [path, text] of Object.entries(files)) {
    if (path.startsWith("/") || path.split("/").includes("..")) throw new VapInputError(`the compiler wrote ${path}, outside the policy folder`);
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

export async function writeVapPolicy(bound: BoundVap, options: VapPolicyOptions): Promise<WrittenVapPolicy> {
  const { project } = options;
  const plan = planPolicy(bound);
  const compiled = options.compile({ vap: bound.policy.object, ...(bound.params ? { params: bound.params } : {}) }, { name: plan.name });
  const source = project.policy(plan.name);
  writeFolder(source.dir, policyFolderFiles(plan, bound, compiled), options.force);
  const built = await buildIfChanged(project, source, project.folders.dist, { onBuilding: options.onBuilding });
  const module = await loadModule(built.path);
  const manifest = planManifest(plan, metadataOf(module, built.path), moduleLocation(project, plan.name), options.policyServer);
  checkSettings(module, manifest.spec.settings);
  const manifestPath = join(options.manifestDir, `${plan.name}.yaml`);
  mkdirSync(options.manifestDir, { recursive: true });
  writeFileAtomically(manifestPath, manifestText(manifest));
  return { plan, folder: source.dir, module: built.path, manifest, manifestPath };
}
