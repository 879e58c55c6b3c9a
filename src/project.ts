// Facts about this repository that several commands need: its root and its version.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const PROJECT_ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");

/** The `version` of the root package.json: the version of every policy built from it. */
export function readProjectVersion(root = PROJECT_ROOT): string {
  const { version } = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version?: string };
  if (!version) throw new Error(`${join(root, "package.json")} has no version`);
  return version;
}
