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

async function loadModule(wasmPath: string): Promise<PolicyModule> {
  try {
    return await PolicyModule.fromFile(wasmPath);
  } catch (err) {
    throw new ManifestError((err as Error).message);
  }
}

export function checkSettings(module: PolicyModule, settings: unknown): void {
  const verdict = new PolicyEvaluator(module).validateSettings(settings);
  if (!verdict.valid) {
    throw new ManifestError(`${module.name} rejects these settings (a policy-server would not start with them): ${verdict.message ?? "no reason given"}`);
  }
}

export async function manifestForModule(wasmPath: string, options: ModuleManifestOptions): Promise<PolicyManifest> {
  const module = await loadModule(wasmPath);
  if (!module.metadata) throw new ManifestError(`${wasmPath} has no Kubewarden metadata; build it with wardenkit build`);
  const manifest = buildPolicyManifest(module.metadata, { ...options, name: options.name ?? module.name });
  validatePolicyManifest(manifest);
  checkSettings(module, manifest.spec.settings);
  return manifest;
}
