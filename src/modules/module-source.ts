// Where a configured module comes from and how to fetch its bytes: a local file
// (file:///abs/path.wasm or a plain path, relative to the config file),
// http(s)://, or registry:// through wardenkit's OCI client. A download is bounded by the
// module size limit, and URLs are redacted in every message.
import { readFile } from "node:fs/promises";
import { isAbsolute, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { readAtMost } from "../io/bounded-body.ts";
import { DEFAULT_MAX_MODULE_BYTES } from "../oci/limits.ts";
import { formatLimit } from "../oci/errors.ts";
import { pullPolicy, type PullOptions } from "../oci/pull.ts";
import { networkReason } from "../oci/transport.ts";
import { redact } from "../io/redact.ts";

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

async function download(url: string, limit: number): Promise<Uint8Array> {
  const failed = (why: string) => new Error(redact(`cannot download ${url}: ${why}`));
  const response = await fetch(url).catch((err: unknown) => {
    throw failed(networkReason(err));
  });
  if (!response.ok) {
    await response.body?.cancel();
    throw failed(`HTTP ${response.status}`);
  }
  const bytes = await readAtMost(response, limit).catch((err: unknown) => {
    throw failed(networkReason(err));
  });
  if (!bytes) throw failed(`the module is larger than the module size limit of ${formatLimit(limit)}; --max-module-size raises it`);
  return bytes;
}

/** `registryOptions` also bounds URL downloads (maxModuleBytes). */
export async function fetchModuleBytes(location: ModuleLocation, registryOptions: PullOptions = {}): Promise<Uint8Array> {
  switch (location.kind) {
    case "file":
      try {
        return await readFile(location.path);
      } catch (err) {
        throw new Error(`cannot read module ${location.path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
      }
    case "url":
      return download(location.url, registryOptions.maxModuleBytes ?? DEFAULT_MAX_MODULE_BYTES);
    case "registry":
      return (await pullPolicy(location.reference, registryOptions)).wasm;
  }
}
