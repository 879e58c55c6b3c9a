// A package-lock.json for a project that depends on the two packed tarballs: the tarballs
// by file, and every package wardenkit needs at run time exactly as this repository's
// lockfile pins it (its URL and integrity), so `npm ci --offline` installs them all from
// the npm cache that this repository's `npm ci` filled, with no registry request.
import { readFileSync } from "node:fs";
import { join, relative } from "node:path";

interface LockEntry {
  dev?: boolean;
  link?: boolean;
  [key: string]: unknown;
}

interface PackedPackage {
  /** The folder packed: its package.json says what the lock entry declares. */
  dir: string;
  tarball: string;
}

function lockEntry(project: string, { dir, tarball }: PackedPackage): Record<string, unknown> {
  const { name, version, license, dependencies, peerDependencies, bin, engines } = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
  return { name, version, resolved: `file:${relative(project, tarball)}`, license, dependencies, peerDependencies, bin, engines };
}

export function offlineLockfile(project: string, cli: PackedPackage, sdk: PackedPackage): string {
  const own = JSON.parse(readFileSync(join(cli.dir, "package-lock.json"), "utf8")) as { packages: Record<string, LockEntry> };
  const manifest = JSON.parse(readFileSync(join(project, "package.json"), "utf8"));
  const runtime = Object.entries(own.packages).filter(([path, entry]) => path.startsWith("node_modules/") && !entry.dev && !entry.link);
  const lock = {
    name: manifest.name,
    version: manifest.version,
    lockfileVersion: 3,
    requires: true,
    packages: {
      "": { name: manifest.name, version: manifest.version, dependencies: manifest.dependencies, engines: manifest.engines },
      "node_modules/wardenkit": lockEntry(project, cli),
      "node_modules/@wardenkit/sdk": lockEntry(project, sdk),
      ...Object.fromEntries(runtime),
    },
  };
  return JSON.stringify(lock, null, 2) + "\n";
}
