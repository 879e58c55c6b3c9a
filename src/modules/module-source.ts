// Where a configured module comes from and how to fetch its bytes: a local file
// (file:///abs/path.wasm or a plain path, relative to the config file),
// http(s)://, or registry:// through wardenkit's OCI client.
import { readFile } from "node:fs/promises";
import { isAbsolute, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { pullPolicy } from "../oci/pull.ts";
import type { ClientOptions } from "../oci/client.ts";

export type ModuleLocation =
  | { kind: "file"; path: string }
  | { kind: "url"; url: string }
  | { kind: "registry"; reference: string };

export function locateModule(uri: string, baseDir: string): ModuleLocation {
  if (uri.startsWith("registry://")) return { kind: "registry", reference: uri };
  if (uri.startsWith("file://")) return { kind: "file", path: fileURLToPath(uri) };
  if (uri.startsWith("https://") || uri.startsWith("http://")) return { kind: "url", url: uri };
  return { kind: "file", path: isAbsolute(uri) ? uri : resolve(baseDir, uri) };
}

export async function fetchModuleBytes(location: ModuleLocation, registryOptions: ClientOptions = {}): Promise<Uint8Array> {
  switch (location.kind) {
    case "file":
      try {
        return await readFile(location.path);
      } catch (err) {
        throw new Error(`cannot read module ${location.path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
      }
    case "url": {
      const response = await fetch(location.url).catch((err: Error) => {
        throw new Error(`cannot download ${location.url}: ${(err.cause as Error | undefined)?.message ?? err.message}`);
      });
      if (!response.ok) throw new Error(`cannot download ${location.url}: HTTP ${response.status}`);
      return new Uint8Array(await response.arrayBuffer());
    }
    case "registry":
      return (await pullPolicy(location.reference, registryOptions)).wasm;
  }
}
