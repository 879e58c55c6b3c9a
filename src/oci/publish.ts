// Pushes the module dist/<policy>.wasm of every policy of the project as
// <registry>/<prefix>/<policy>:v<version>; other modules in dist/ are not the project's.
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { ClientOptions } from "./client.ts";
import { RegistryError } from "./errors.ts";
import { pushPolicy } from "./push.ts";
import { REGISTRY_SCHEME } from "./reference.ts";

export interface PublishedPolicy {
  policy: string;
  wasmPath: string;
  /** The tagged reference, `registry://host/prefix/policy:vX.Y.Z`. */
  tagged: string;
  /** The pinned reference, `registry://host/prefix/policy@sha256:…`. */
  reference: string;
  digest: string;
  size: number;
}

export interface PublishOptions extends ClientOptions {
  /** `host[:port]/prefix`, with or without `registry://`. */
  registry: string;
  /** Project version; tags are `v<version>`. */
  version: string;
  distDir: string;
  /** The project's policies (policies/<name>); only their modules are pushed. */
  policies: string[];
  /** Move a version tag that already names another module (off by default: a published version stays put). */
  force?: boolean;
  /**
   * Called after each push, before its manifest is written (to sign what was pushed): a failure
   * stops the publish as a failed push does, and that policy's manifest is not written.
   */
  afterPush?: (published: PublishedPolicy) => Promise<void>;
  /** Called after each successful push, e.g. to write dist/manifests/<policy>.yaml. */
  writePolicyManifest?: (published: PublishedPolicy) => Promise<void>;
}

/** dist/<policy>.wasm of each policy, all of which must have been built. */
export function policyModules(distDir: string, policies: string[]): { policy: string; wasmPath: string }[] {
  if (policies.length === 0) throw new RegistryError("the project has no policies to publish (policies/<name>/assembly/index.ts)");
  const modules = [...policies].sort().map((policy) => ({ policy, wasmPath: join(distDir, `${policy}.wasm`) }));
  const missing = modules.filter((m) => !existsSync(m.wasmPath));
  if (missing.length > 0) {
    throw new RegistryError(`${missing.map((m) => m.wasmPath).join(", ")} not found; build the policies first (wardenkit build), or name the folder they were built in with --dist`);
  }
  return modules;
}

/** Pushes the modules one after another and stops at the first failure. */
export async function publishPolicies(options: PublishOptions): Promise<PublishedPolicy[]> {
  const modules = policyModules(options.distDir, options.policies);
  const prefix = options.registry.replace(REGISTRY_SCHEME, "").replace(/\/+$/, "");
  const published: PublishedPolicy[] = [];
  for (const { policy, wasmPath } of modules) {
    const target = `${prefix}/${policy}:v${options.version}`;
    let result;
    try {
      result = await pushPolicy(new Uint8Array(await readFile(wasmPath)), target, { ...options, force: false, keepExistingTag: !options.force, source: wasmPath });
    } catch (err) {
      throw new RegistryError(`publishing ${policy} failed: ${(err as Error).message}`);
    }
    const entry = { policy, wasmPath, tagged: result.tagged, reference: result.reference, digest: result.digest, size: result.size };
    try {
      await options.afterPush?.(entry);
    } catch (err) {
      throw new RegistryError(`publishing ${policy} failed: ${(err as Error).message}`);
    }
    await options.writePolicyManifest?.(entry);
    published.push(entry);
  }
  return published;
}
