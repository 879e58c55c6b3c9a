// A throwaway project made from this one: its package.json and asconfig.json, the
// entries a test names, and this project's node_modules. With `ownSdk`, the copy gets
// its own SDK (copied, and linked as node_modules/@wardenkit/sdk) for a test to edit.
import { cpSync, mkdirSync, mkdtempSync, readdirSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readProject, type Project } from "../../src/project/project.ts";
import { SDK_PACKAGE } from "../../src/build/sdk-package.ts";
import { PROJECT } from "./project.ts";

function linkNodeModulesWithOwnSdk(root: string): void {
  const modules = join(PROJECT.root, "node_modules");
  mkdirSync(join(root, "node_modules", "@wardenkit"), { recursive: true });
  for (const entry of readdirSync(modules)) {
    if (entry !== "@wardenkit") symlinkSync(join(modules, entry), join(root, "node_modules", entry));
  }
  cpSync(join(PROJECT.root, "sdk"), join(root, "sdk"), { recursive: true });
  symlinkSync(join(root, "sdk"), join(root, "node_modules", SDK_PACKAGE), "dir");
}

export function projectCopy(prefix: string, entries: string[] = [], options: { ownSdk?: boolean } = {}): Project {
  const root = mkdtempSync(join(tmpdir(), `wardenkit-${prefix}-`));
  for (const entry of ["package.json", "asconfig.json", ...entries]) {
    cpSync(join(PROJECT.root, entry), join(root, entry), { recursive: true });
  }
  if (options.ownSdk) linkNodeModulesWithOwnSdk(root);
  else symlinkSync(join(PROJECT.root, "node_modules"), join(root, "node_modules"), "dir");
  return readProject(root);
}
