// Which npm packages a module is made of, from the files the compiler read: every file
// below node_modules/<package>/ (or node_modules/@scope/<package>/) puts that package's
// sources into the module. The compiler's own packages are found as Node resolves them.
import { existsSync } from "node:fs";
import { dirname, join, sep } from "node:path";

const NODE_MODULES = `${sep}node_modules${sep}`;

/** The package folder (absolute, as node_modules names it) holding `path`, or null when it is not in node_modules. */
export function packageDirOf(path: string): string | null {
  const at = path.lastIndexOf(NODE_MODULES);
  if (at < 0) return null;
  const parts = path.slice(at + NODE_MODULES.length).split(sep);
  const length = parts[0].startsWith("@") ? 2 : 1;
  if (parts.length <= length) return null;
  return path.slice(0, at + NODE_MODULES.length) + parts.slice(0, length).join(sep);
}

/** The package folders whose files the compiler read, sorted, each once. */
export function packagesRead(read: string[]): string[] {
  return [...new Set(read.map(packageDirOf).filter((dir): dir is string => dir !== null))].sort();
}

/** Where `name` is installed as seen from `from` (node_modules, walking up); null when it is not. */
export function installedPackageDir(from: string, name: string): string | null {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, "node_modules", name);
    if (existsSync(join(candidate, "package.json"))) return candidate;
    if (dirname(dir) === dir) return null;
  }
}
