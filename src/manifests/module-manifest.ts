// The manifest for a built module: its metadata gives the rules, its validate_settings
// vets the settings (a policy-server refuses to start with settings its policy rejects),
// and the CRD schema vets the result.
import { PolicyEvaluator } from "../host/evaluator.ts";
import { PolicyModule } from "../host/policy-module.ts";
import { validatePolicyManifest } from "./crd-schema.ts";
import { ManifestError } from "./manifest-error.ts";
import { buildPolicyManifest, type ManifestOptions, type PolicyManifest } from "./policy-manifest.ts";

export interface ModuleManifestOptions extends Omit<ManifestOptions, "name"> {
  /** Defaults to the module's file name without .wasm. */
  name?: string;
}

/** A built module: compiled already, or the path of its file. */
export type BuiltModule = PolicyModule | string;

export async function loadModule(built: BuiltModule): Promise<PolicyModule> {
  if (built instanceof PolicyModule) return built;
  try {
    return await PolicyModule.fromFile(built);
  } catch (err) {
    throw new ManifestError((err as Error).message);
  }
}

/** A module's metadata, which a manifest is made from. */
export function metadataOf(module: PolicyModule, built: BuiltModule): NonNullable<PolicyModule["metadata"]> {
  if (!module.metadata) throw new ManifestError(`${typeof built === "string" ? built : module.name} has no Kubewarden metadata; build it with wardenkit build`);
  return module.metadata;
}

export function checkSettings(module: PolicyModule, settings: unknown): void {
  const verdict = new PolicyEvaluator(module).validateSettings(settings);
  if (!verdict.valid) {
    throw new ManifestError(`${module.name} rejects these settings (a policy-server would not start with them): ${verdict.message ?? "no reason given"}`);
  }
}

export async function manifestForModule(built: BuiltModule, options: ModuleManifestOptions): Promise<PolicyManifest> {
  const module = await loadModule(built);
  const manifest = buildPolicyManifest(metadataOf(module, built), { ...options, name: options.name ?? module.name });
  validatePolicyManifest(manifest);
  checkSettings(module, manifest.spec.settings);
  return manifest;
}
