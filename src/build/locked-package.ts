// What the project's package-lock.json says of an installed npm package: its version, its
// integrity hash and where it came from. The lock is the nearest one from the project up
// (a workspace's lock lies at the workspace root); its keys are folders relative to it.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";

export interface NpmPackage {
  name: string;
  version: string;
  /** The lock's Subresource Integrity string (`sha512-<base64>`); absent for a linked folder or without a lock entry. */
  integrity?: string;
  /** The tarball the lock records; absent when it records none. */
  resolved?: string;
  license?: string;
  /** The folder, relative to the lock, that a workspace link points to. */
  linkedFrom?: string;
  /** Whether package-lock.json has an entry for it. */
  locked: boolean;
}

interface LockEntry {
  name?: string;
  version?: string;
  integrity?: string;
  resolved?: string;
  license?: string;
  link?: boolean;
}

export interface PackageLock {
  dir: string;
  packages: Record<string, LockEntry>;
}

/** The nearest package-lock.json from `root` up, or null when there is none or it cannot be read. */
export function findPackageLock(root: string): PackageLock | null {
  for (let dir = root; ; dir = dirname(dir)) {
    const path = join(dir, "package-lock.json");
    if (existsSync(path)) {
      try {
        const lock = JSON.parse(readFileSync(path, "utf8")) as { packages?: Record<string, LockEntry> };
        return { dir, packages: lock.packages ?? {} };
      } catch {
        return null;
      }
    }
    if (dirname(dir) === dir) return null;
  }
}

function installedManifest(packageDir: string): { name: string; version: string; license?: string } {
  const manifest = JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8")) as { name?: string; version?: string; license?: string };
  return { name: manifest.name ?? "", version: manifest.version ?? "", license: manifest.license };
}

/** The package installed in `packageDir` (absolute, as node_modules names it), with what the lock records of it. */
export function lockedPackage(lock: PackageLock | null, packageDir: string): NpmPackage {
  const installed = installedManifest(packageDir);
  const key = lock ? relative(lock.dir, packageDir).split(sep).join("/") : "";
  const entry = lock?.packages[key];
  if (!lock || !entry) return { ...installed, locked: false };
  if (entry.link && entry.resolved) {
    const target = lock.packages[entry.resolved];
    return { ...installed, license: target?.license ?? installed.license, linkedFrom: entry.resolved, locked: true };
  }
  const locked: NpmPackage = { name: installed.name, version: entry.version ?? installed.version, license: entry.license ?? installed.license, locked: true };
  if (entry.integrity) locked.integrity = entry.integrity;
  if (entry.resolved) locked.resolved = entry.resolved;
  return locked;
}
