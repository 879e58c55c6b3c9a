// Creating a policy repository a team can push as it is: package.json depending on
// wardenkit and @wardenkit/sdk at this version, asconfig.json, a Makefile (`make`,
// `make test`), policies/ and fixtures/, a README, .gitignore and a CI workflow.
import { existsSync, readdirSync, statSync } from "node:fs";
import { basename, relative, resolve } from "node:path";
import { PACKAGE_ASSETS, packageVersion } from "../io/package-root.ts";
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

/** Creates the repository in `dir` (new, or empty), named after the folder. */
export function scaffoldProject(dir: string): ScaffoldedProject {
  const root = resolve(dir);
  const name = basename(root);
  if (!PACKAGE_NAME.test(name) || name.length > PACKAGE_NAME_MAX_LENGTH) {
    throw new ScaffoldError(`'${name}' cannot name an npm package: use a folder name of lowercase letters, digits, '-', '.' or '_'`);
  }
  checkTarget(root);
  const files = writeTemplate(PACKAGE_ASSETS.projectTemplate, root, { name, version: packageVersion() });
  return { root, files: files.map((file) => relative(root, file)) };
}
