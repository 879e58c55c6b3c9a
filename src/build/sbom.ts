// dist/<name>.spdx.json beside dist/<name>.wasm: the module's SPDX 2.3 SBOM, written from
// the compiler's record, the project's package-lock.json and the module's bytes. Its one
// date is SOURCE_DATE_EPOCH's (the reproducible-builds convention), else the Unix epoch,
// so the same inputs give the same bytes.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { packageVersion } from "../io/package-root.ts";
import { writeFileAtomically } from "../io/atomic-file.ts";
import { compilerFlagsText, type CompilerRecord } from "./compiler-record.ts";
import { installedPackageDir } from "./compiled-packages.ts";
import { findPackageLock, lockedPackage, type PackageLock } from "./locked-package.ts";
import { spdxDocument, type BuildTool, type ModuleBill } from "./spdx-document.ts";

export class SbomError extends Error {}

export const SBOM_SUFFIX = ".spdx.json";

/** The compiler's packages and what each did; binaryen is found from the compiler's folder. */
const TOOLS = [
  { name: "assemblyscript", from: "project", role: "the compiler; its standard library and runtime are compiled into the module" },
  { name: "json-as", from: "project", role: "compiler transform (json-as/transform)" },
  { name: "binaryen", from: "assemblyscript", role: "the optimizer the compiler runs" },
] as const;

export function sbomPath(outDir: string, policy: string): string {
  return join(outDir, `${policy}${SBOM_SUFFIX}`);
}

/** SOURCE_DATE_EPOCH as RFC 3339 UTC; the epoch when it is not set. */
export function creationTime(env: NodeJS.ProcessEnv = process.env): string {
  const value = env.SOURCE_DATE_EPOCH;
  if (value === undefined || value === "") return "1970-01-01T00:00:00Z";
  if (!/^\d{1,12}$/.test(value)) throw new SbomError(`SOURCE_DATE_EPOCH must be whole seconds since 1970, not ${JSON.stringify(value)}`);
  return new Date(Number(value) * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
}

function buildTools(root: string, lock: PackageLock | null): BuildTool[] {
  const dirs: Record<string, string | null> = {};
  const tools: BuildTool[] = [];
  for (const tool of TOOLS) {
    const from = tool.from === "project" ? root : dirs[tool.from];
    const dir = from ? installedPackageDir(from, tool.name) : null;
    dirs[tool.name] = dir;
    if (dir) tools.push({ pkg: lockedPackage(lock, dir), role: tool.role });
  }
  return tools;
}

export interface SbomSubject {
  root: string;
  policy: string;
  version: string;
  /** The module's sha256, hexadecimal. */
  sha256: string;
  record: CompilerRecord;
}

export function moduleBill(subject: SbomSubject, env: NodeJS.ProcessEnv = process.env): ModuleBill {
  const lock = findPackageLock(subject.root);
  const tools = buildTools(subject.root, lock);
  const compiler = tools.find((t) => t.pkg.name === "assemblyscript")?.pkg.version ?? "(not installed)";
  return {
    name: subject.policy,
    version: subject.version,
    sha256: subject.sha256,
    compiledIn: subject.record.packages.map((dir) => lockedPackage(lock, join(subject.root, dir))),
    tools,
    compilerFlags: compilerFlagsText(subject.record, compiler),
    created: creationTime(env),
    creator: `wardenkit-${packageVersion()}`,
  };
}

export function sbomText(subject: SbomSubject, env: NodeJS.ProcessEnv = process.env): string {
  return JSON.stringify(spdxDocument(moduleBill(subject, env)), null, 2) + "\n";
}

/** Writes the SBOM unless the file already holds these exact bytes; returns its path. */
export function writeSbom(outDir: string, subject: SbomSubject): string {
  const path = sbomPath(outDir, subject.policy);
  const text = sbomText(subject);
  if (!existsSync(path) || readFileSync(path, "utf8") !== text) writeFileAtomically(path, text);
  return path;
}
