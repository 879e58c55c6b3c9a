// Finding the policies of a project: every folder under policies/ with an
// AssemblyScript entry file is one, named after the folder.
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

export function policySource(root: string, name: string): PolicySource {
  const dir = resolve(root, "policies", name);
  return {
    name,
    dir,
    entry: join(dir, "assembly", "index.ts"),
    metadataFile: join(dir, "metadata.yml"),
    readme: join(dir, "README.md"),
  };
}

export function findPolicies(root: string): PolicySource[] {
  const base = resolve(root, "policies");
  if (!existsSync(base)) return [];
  return readdirSync(base, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(base, d.name, "assembly", "index.ts")))
    .map((d) => policySource(root, d.name))
    .sort((a, b) => a.name.localeCompare(b.name));
}
