// The policy folder: every subfolder of the project's policies folder (src/project says
// which) with an AssemblyScript entry file is one policy, named after the subfolder, and
// everything wardenkit knows about a policy is read from that folder (the layout is
// docs/policy-folder.md). Every list of policies is derived from the project's; a check
// that needs a piece a policy lacks fails with PolicyFileMissing, naming the file.
import { existsSync, readdirSync } from "node:fs";
import { isAbsolute, join, relative, resolve } from "node:path";
import { readDocument } from "../inputs/documents.ts";

export interface PolicySource {
  name: string;
  dir: string;
  entry: string;
  metadataFile: string;
  readme: string;
  /** settings.yml: the settings it is deployed with, and the valid settings every check uses. */
  settingsFile: string;
  /** bench/workloads.yml: the realistic requests `npm run bench` measures, with their files beside it. */
  benchWorkloads: string;
  /** bench/reference.mjs: the same rule in plain JavaScript, the baseline the bench weighs it against. */
  benchReference: string;
}

export const POLICY_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;
/** A policy's name ends up in Kubernetes names that must be DNS labels: at most 63 characters. */
export const POLICY_NAME_MAX_LENGTH = 63;

/** A piece of a policy folder that a check needs is not there. */
export class PolicyFileMissing extends Error {
  constructor(readonly path: string, why: string) {
    super(`${shownPath(path)} is missing: ${why} (the policy folder is described in docs/policy-folder.md)`);
  }
}

/** A path as a message shows it: relative to the working directory when it lies below it. */
export function shownPath(path: string): string {
  const below = relative(process.cwd(), path);
  return below && !below.startsWith("..") && !isAbsolute(below) ? below : path;
}

export function policyIn(policiesDir: string, name: string): PolicySource {
  const dir = resolve(policiesDir, name);
  return {
    name,
    dir,
    entry: join(dir, "assembly", "index.ts"),
    metadataFile: join(dir, "metadata.yml"),
    readme: join(dir, "README.md"),
    settingsFile: join(dir, "settings.yml"),
    benchWorkloads: join(dir, "bench", "workloads.yml"),
    benchReference: join(dir, "bench", "reference.mjs"),
  };
}

export function policiesIn(policiesDir: string): PolicySource[] {
  if (!existsSync(policiesDir)) return [];
  return readdirSync(policiesDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(policiesDir, d.name, "assembly", "index.ts")))
    .map((d) => policyIn(policiesDir, d.name))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Returns `path`, or fails naming it and saying what it is for. */
export function requirePolicyFile(path: string, why: string): string {
  if (!existsSync(path)) throw new PolicyFileMissing(path, why);
  return path;
}

/** The policy's settings.yml: how it is deployed, and the valid settings of every check. */
export function readPolicySettings(policy: PolicySource): unknown {
  const file = requirePolicyFile(policy.settingsFile, `it holds the settings ${policy.name} is deployed and tested with ({} when it needs none)`);
  return readDocument(file) ?? {};
}
