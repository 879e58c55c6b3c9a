// What a policy module declares, read from a local file or from a registry reference.
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { isWasm } from "../wasm/module-info.ts";
import { MissingMetadataError, readPolicyMetadata, type PolicyMetadata } from "../wasm/policy-metadata.ts";
import { sha256Digest } from "../kubewarden/digest.ts";
import { RegistryError, registryMessages } from "./errors.ts";
import { pullPolicy, type PullOptions } from "./pull.ts";
import { REGISTRY_SCHEME } from "./reference.ts";
import { fileErrorReason } from "../io/text-file.ts";

export const USAGE_ANNOTATION = "io.kubewarden.policy.usage";

export interface InspectReport {
  /** The file path or the pinned registry reference that was inspected. */
  source: string;
  /** sha256 of the module bytes (the wasm layer digest when pulled). */
  digest: string;
  size: number;
  /** Digest of the OCI manifest, for registry references. */
  manifestDigest?: string;
  /** Null when the module carries no Kubewarden metadata. */
  metadata: PolicyMetadata | null;
  /** The settings documentation (io.kubewarden.policy.usage), if any. */
  usage?: string;
}

/**
 * `registry://…` is always a registry; an existing path is a file; otherwise a scheme-less
 * argument is a registry reference only when its first component looks like a host.
 */
export function isRegistryTarget(target: string): boolean {
  if (target.startsWith(REGISTRY_SCHEME)) return true;
  if (existsSync(target)) return false;
  const first = target.split("/")[0];
  return target.includes("/") && (first.includes(".") || first.includes(":") || first === "localhost");
}

function describe(source: string, wasm: Uint8Array): InspectReport {
  if (!isWasm(wasm)) throw new RegistryError(registryMessages.notWasm(source));
  let metadata: PolicyMetadata | null = null;
  try {
    metadata = readPolicyMetadata(wasm);
  } catch (err) {
    if (!(err instanceof MissingMetadataError)) throw err;
  }
  const usage = metadata?.annotations?.[USAGE_ANNOTATION];
  return { source, digest: sha256Digest(wasm), size: wasm.length, metadata, ...(usage ? { usage } : {}) };
}

export async function inspectPolicy(target: string, options: PullOptions = {}): Promise<InspectReport> {
  if (!isRegistryTarget(target)) {
    const wasm = await readFile(target).catch((err: unknown) => {
      throw new RegistryError(`cannot read ${target}: ${fileErrorReason(err)}`);
    });
    return describe(target, new Uint8Array(wasm));
  }
  const pulled = await pullPolicy(target, options);
  return { ...describe(pulled.reference, pulled.wasm), manifestDigest: pulled.digest };
}
