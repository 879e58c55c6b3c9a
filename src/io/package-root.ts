// The folder wardenkit itself is installed in (this repository, or node_modules/wardenkit):
// where the assets it ships live (the CRD schemas, the templates), never a user's project.
// This file sits two levels below it both as source (src/io/) and compiled (lib/io/).
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const PACKAGE_ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** The assets wardenkit ships, by what they are. */
export const PACKAGE_ASSETS = {
  crds: join(PACKAGE_ROOT, "deploy", "crds"),
  policyTemplate: join(PACKAGE_ROOT, "src", "scaffold", "template"),
  projectTemplate: join(PACKAGE_ROOT, "src", "scaffold", "project-template"),
};

/** wardenkit's own version: what `--version` prints and what `wardenkit init` depends on. */
export function packageVersion(): string {
  return (JSON.parse(readFileSync(join(PACKAGE_ROOT, "package.json"), "utf8")) as { version: string }).version;
}
