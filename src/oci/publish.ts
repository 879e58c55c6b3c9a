// Pushes every built module dist/<policy>.wasm as <registry>/<prefix>/<policy>:v<version>.
import { readdir, readFile } from "node:fs/promises";
import { basename, join } from "node:path";
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
  /** Called after each successful push, e.g. to write dist/manifests/<policy>.yaml. */
  writePolicyManifest?: (published: PublishedPolicy) => Promise<void>;
}

export async function builtModules(distDir: string): Promise<string[]> {
  const names = await readdir(distDir).catch(() => [] as string[]);
  return names.filter((n) => n.endsWith(".wasm")).sort().map((n) => join(distDir, n));
}

/** Pushes the modules one after another and stops at the first failure. */
export async function publishPolicies(options: PublishOptions): Promise<PublishedPolicy[]> {
  const modules = await builtModules(options.distDir);
  if (modules.length === 0) throw new RegistryError(`no .wasm modules in ${options.distDir}; build the policies first`);
  const prefix = options.registry.replace(REGISTRY_SCHEME, "").replace(/\/+$/, "");
  const published: PublishedPolicy[] = [];
  for (const wasmPath of modules) {
    const policy = basename(wasmPath, ".wasm");
    const target = `${prefix}/${policy}:v${options.version}`;
    let result;
    try {
      result = await pushPolicy(new Uint8Array(await readFile(wasmPath)), target, { ...options, source: wasmPath });
    } catch (err) {
      throw new RegistryError(`publishing ${policy} failed: ${(err as Error).message}`);
    }
    const entry = { policy, wasmPath, tagged: result.tagged, reference: result.reference, digest: result.digest, size: result.size };
    await options.writePolicyManifest?.(entry);
    published.push(entry);
  }
  return published;
}
