// The wardenkit project a command works on: the nearest folder, walking up from the
// working directory, whose package.json has a "wardenkit" field. It holds the version
// every policy is built with, the folders, and the policies found in them.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { identityOf, type ProjectIdentity } from "./identity.ts";
import { policiesIn, policyIn, type PolicySource } from "./policies.ts";

/** The keys of the "wardenkit" field, each a folder relative to the root, and their defaults. */
export const DEFAULT_FOLDERS = { policies: "policies", fixtures: "fixtures", dist: "dist", deploy: "deploy" } as const;
export type FolderName = keyof typeof DEFAULT_FOLDERS;
export type ProjectFolders = Record<FolderName, string>;

/** The one key of the "wardenkit" field that is not a folder: where the policies are published. */
const REGISTRY_KEY = "registry";

export const PROJECT_MARKER = "wardenkit";

export class ProjectError extends Error {}

export class Project {
  constructor(
    readonly root: string,
    readonly name: string,
    readonly version: string,
    /** Absolute paths. */
    readonly folders: ProjectFolders,
    /** Whose policies these are: package.json's author, license, repository and registry. */
    readonly identity: ProjectIdentity = {},
  ) {}

  /** Every policy under the policies folder, by name; read afresh each time. */
  get policies(): PolicySource[] {
    return policiesIn(this.folders.policies);
  }

  /** The sources of policy `name`, whether or not it exists yet. */
  policy(name: string): PolicySource {
    return policyIn(this.folders.policies, name);
  }

  /** dist/<name>.wasm: where the build writes policy `name`. */
  module(name: string): string {
    return join(this.folders.dist, `${name}.wasm`);
  }
}

interface PackageJson {
  name?: unknown;
  version?: unknown;
  wardenkit?: unknown;
  author?: unknown;
  license?: unknown;
  repository?: unknown;
}

function readPackageJson(path: string): PackageJson {
  try {
    return JSON.parse(readFileSync(path, "utf8")) as PackageJson;
  } catch (err) {
    throw new ProjectError(`cannot read ${path}: ${(err as Error).message}`);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function foldersOf(root: string, field: Record<string, unknown>, file: string): ProjectFolders {
  const unknown = Object.keys(field).filter((key) => !(key in DEFAULT_FOLDERS) && key !== REGISTRY_KEY);
  if (unknown.length > 0) {
    throw new ProjectError(`${file}: unknown key "${unknown[0]}" in "wardenkit"; it may name the folders ${Object.keys(DEFAULT_FOLDERS).join(", ")}`);
  }
  const folders = {} as ProjectFolders;
  for (const [key, fallback] of Object.entries(DEFAULT_FOLDERS) as [FolderName, string][]) {
    const value = field[key] ?? fallback;
    if (typeof value !== "string" || value.trim() === "") {
      throw new ProjectError(`${file}: "wardenkit.${key}" must be a folder name, not ${JSON.stringify(value)}`);
    }
    folders[key] = resolve(root, value);
  }
  return folders;
}

/** The project whose package.json is in `root`. */
export function readProject(root: string): Project {
  const file = join(root, "package.json");
  const pkg = readPackageJson(file);
  if (!isObject(pkg.wardenkit)) throw new ProjectError(`${file}: "wardenkit" must be an object, such as {}`);
  if (typeof pkg.version !== "string" || pkg.version === "") throw new ProjectError(`${file} has no version`);
  const name = typeof pkg.name === "string" ? pkg.name : root;
  const registry = pkg.wardenkit[REGISTRY_KEY];
  if (registry !== undefined && (typeof registry !== "string" || !registry.trim())) {
    throw new ProjectError(`${file}: "wardenkit.${REGISTRY_KEY}" must be a registry and prefix such as ghcr.io/acme/policies, not ${JSON.stringify(registry)}`);
  }
  return new Project(root, name, pkg.version, foldersOf(root, pkg.wardenkit, file), identityOf(pkg, registry));
}

/** The nearest project at or above `cwd`, or null. */
export function locateProject(cwd = process.cwd()): string | null {
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    const file = join(dir, "package.json");
    if (existsSync(file) && PROJECT_MARKER in readPackageJson(file)) return dir;
    if (dirname(dir) === dir) return null;
  }
}

/** The folder a command reads built modules from: its --dist flag when given, else the project's dist folder. */
export function distFolder(flag: string | undefined, cwd = process.cwd()): string {
  return flag !== undefined ? resolve(cwd, flag) : findProject(cwd).folders.dist;
}

export function findProject(cwd = process.cwd()): Project {
  const root = locateProject(cwd);
  if (root === null) {
    throw new ProjectError(
      `no wardenkit project in ${resolve(cwd)} or above: none has a package.json with a "wardenkit" field; create one with \`wardenkit init <dir>\``,
    );
  }
  return readProject(root);
}
