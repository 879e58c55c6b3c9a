// The policies of a folder: every subfolder with an AssemblyScript entry file is one,
// named after the subfolder. The project (src/project) says which folder.
import { existsSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";

export interface PolicySource {
  name: string;
  dir: string;
  entry: string;
  metadataFile: string;
  readme: string;
}

export const POLICY_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;
/** A policy's name ends up in Kubernetes names that must be DNS labels: at most 63 characters. */
export const POLICY_NAME_MAX_LENGTH = 63;

export function policyIn(policiesDir: string, name: string): PolicySource {
  const dir = resolve(policiesDir, name);
  return {
    name,
    dir,
    entry: join(dir, "assembly", "index.ts"),
    metadataFile: join(dir, "metadata.yml"),
    readme: join(dir, "README.md"),
  };
}

export function policiesIn(policiesDir: string): PolicySource[] {
  if (!existsSync(policiesDir)) return [];
  return readdirSync(policiesDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(policiesDir, d.name, "assembly", "index.ts")))
    .map((d) => policyIn(policiesDir, d.name))
    .sort((a, b) => a.name.localeCompare(b.name));
}
