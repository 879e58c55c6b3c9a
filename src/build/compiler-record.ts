// What the compiler did for one module, kept in the build state so that the SBOM can be
// written again without compiling: its command line, the asconfig.json files it read
// (their text, as JSON) and the npm packages whose sources it read.
import { readFileSync } from "node:fs";
import { basename, relative, sep } from "node:path";
import type { CompiledModule } from "./compile.ts";
import { packagesRead } from "./compiled-packages.ts";

export interface CompilerRecord {
  args: string[];
  /** Each configuration file read, relative to the project → its JSON, minified. */
  configs: Record<string, string>;
  /** The package folders whose sources were compiled in, relative to the project. */
  packages: string[];
}

const relativeTo = (root: string, path: string) => relative(root, path).split(sep).join("/");

function minifiedJson(path: string): string {
  try {
    return JSON.stringify(JSON.parse(readFileSync(path, "utf8")));
  } catch {
    return "(unreadable)";
  }
}

/** Every JSON file the compiler read but package.json is a configuration (asconfig.json and what it extends). */
function configsRead(root: string, read: string[]): Record<string, string> {
  const configs: Record<string, string> = {};
  for (const path of read) {
    if (path.endsWith(".json") && basename(path) !== "package.json") configs[relativeTo(root, path)] = minifiedJson(path);
  }
  return configs;
}

export function compilerRecord(root: string, compiled: CompiledModule): CompilerRecord {
  return {
    args: compiled.args,
    configs: configsRead(root, compiled.read),
    packages: packagesRead(compiled.read).map((dir) => relativeTo(root, dir)),
  };
}

/** The command line and the configuration files, in words, for the SBOM. */
export function compilerFlagsText(record: CompilerRecord, compilerVersion: string): string {
  const configs = Object.entries(record.configs).map(([path, json]) => `${path}: ${json}`);
  return [`compiled by AssemblyScript ${compilerVersion}: asc ${record.args.join(" ")}`, ...configs].join("; ");
}
