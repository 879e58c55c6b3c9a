// Creating a policy repository a team can push as it is: package.json depending on
// wardenkit and @wardenkit/sdk at this version, asconfig.json, a Makefile (`make`,
// `make test`), policies/ and fixtures/, a README, .gitignore and a CI workflow.
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { basename, join, relative, resolve } from "node:path";
import { PACKAGE_ASSETS, packageVersion } from "../io/package-root.ts";
import { MaintainerError, parseMaintainers } from "../manifests/maintainers.ts";
import { defaultRegistry, repositoryUrl, type ProjectIdentity } from "../project/identity.ts";
import { ScaffoldError } from "./new-policy.ts";
import { writeTemplate } from "./template-files.ts";

/** npm's rule for a package name without a scope. */
const PACKAGE_NAME = /^[a-z0-9][a-z0-9._~-]*$/;
const PACKAGE_NAME_MAX_LENGTH = 214;

export interface ScaffoldedProject {
  root: string;
  /** Relative to `root`. */
  files: string[];
}

function checkTarget(root: string): void {
  if (!existsSync(root)) return;
  if (!statSync(root).isDirectory()) throw new ScaffoldError(`${root} exists and is not a folder`);
  if (readdirSync(root).length > 0) throw new ScaffoldError(`${root} is not empty; choose a new or empty folder`);
}

/** The identity given to `init`, checked before anything is written. */
function checkIdentity(identity: ProjectIdentity): ProjectIdentity {
  if (identity.author !== undefined) {
    try {
      parseMaintainers(identity.author);
    } catch (err) {
      if (err instanceof MaintainerError) throw new ScaffoldError(`--author: ${err.message.replace(/^io\.kubewarden\.policy\.author entry /, "")}`);
      throw err;
    }
  }
  const repository = identity.repository === undefined ? undefined : repositoryUrl(identity.repository);
  if (repository !== undefined && !URL.canParse(repository)) throw new ScaffoldError(`--repository '${identity.repository}' is not a URL`);
  if (identity.registry !== undefined && !/^[\w.-]+(:\d+)?(\/[\w.-]+)+$/.test(identity.registry)) {
    throw new ScaffoldError(`--registry '${identity.registry}' must be a registry host and a prefix, such as ghcr.io/acme/policies`);
  }
  return { ...identity, repository };
}

/** package.json as the template wrote it, with who the policies belong to. */
function writeIdentity(root: string, identity: ProjectIdentity): void {
  const file = join(root, "package.json");
  const pkg = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
  if (identity.author) pkg.author = identity.author;
  if (identity.license) pkg.license = identity.license;
  if (identity.repository) pkg.repository = { type: "git", url: identity.repository };
  // Written out only when it differs from what the repository implies.
  if (identity.registry && identity.registry !== defaultRegistry(identity.repository)) pkg.wardenkit = { registry: identity.registry };
  writeFileSync(file, `${JSON.stringify(pkg, null, 2)}\n`);
}

/** Creates the repository in `dir` (new, or empty), named after the folder, belonging to `identity`. */
export function scaffoldProject(dir: string, identity: ProjectIdentity = {}): ScaffoldedProject {
  const root = resolve(dir);
  const name = basename(root);
  if (!PACKAGE_NAME.test(name) || name.length > PACKAGE_NAME_MAX_LENGTH) {
    throw new ScaffoldError(`'${name}' cannot name an npm package: use a folder name of lowercase letters, digits, '-', '.' or '_'`);
  }
  const checked = checkIdentity(identity);
  checkTarget(root);
  const files = writeTemplate(PACKAGE_ASSETS.projectTemplate, root, { name, version: packageVersion() });
  writeIdentity(root, checked);
  return { root, files: files.map((file) => relative(root, file)) };
}
