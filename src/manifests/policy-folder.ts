// Reads the hand-written files of a policy folder: metadata.yml, README.md and the
// optional questions-ui.yml that Artifact Hub shows as a settings form.
import { existsSync } from "node:fs";
import { basename, join } from "node:path";
import { readTextFile } from "../text-file.ts";
import { parseYaml, YamlError } from "../yaml-on-demand.ts";
import type { ContextAwareResource, PolicyRule } from "../wasm/policy-metadata.ts";

/** metadata.yml as written by hand: the build adds protocolVersion and the defaults. */
export interface MetadataFile {
  rules: PolicyRule[];
  mutating: boolean;
  contextAwareResources?: ContextAwareResource[];
  annotations?: Record<string, string>;
  [other: string]: unknown;
}

export interface PolicyFolder {
  name: string;
  dir: string;
  metadata: MetadataFile;
  readme?: string;
  questionsUi?: string;
}

export class PolicyFolderError extends Error {}

const METADATA_FILES = ["metadata.yml", "metadata.yaml"];
const QUESTIONS_FILES = ["questions-ui.yml", "questions-ui.yaml"];

function firstExisting(dir: string, names: string[]): string | undefined {
  return names.map((n) => join(dir, n)).find((p) => existsSync(p));
}

function checkMetadata(path: string, value: unknown): MetadataFile {
  const fail = (why: string) => new PolicyFolderError(`${path}: ${why}`);
  if (typeof value !== "object" || value === null) throw fail("expected a mapping with rules and mutating");
  const m = value as MetadataFile;
  if (!Array.isArray(m.rules)) throw fail("rules must be a list (it may be empty)");
  if (typeof m.mutating !== "boolean") throw fail("mutating must be true or false");
  if (m.contextAwareResources !== undefined && !Array.isArray(m.contextAwareResources)) throw fail("contextAwareResources must be a list");
  for (const [key, v] of Object.entries(m.annotations ?? {})) {
    if (typeof v !== "string") throw fail(`annotation ${key} must be a string; quote it`);
  }
  return m;
}

export function readPolicyFolder(dir: string): PolicyFolder {
  const metadataPath = firstExisting(dir, METADATA_FILES);
  if (!metadataPath) throw new PolicyFolderError(`${dir} has no metadata.yml`);
  let parsed: unknown;
  try {
    parsed = parseYaml(readTextFile(metadataPath));
  } catch (err) {
    throw new PolicyFolderError(err instanceof YamlError ? err.about(metadataPath) : (err as Error).message);
  }
  const readmePath = join(dir, "README.md");
  const questionsPath = firstExisting(dir, QUESTIONS_FILES);
  return {
    name: basename(dir),
    dir,
    metadata: checkMetadata(metadataPath, parsed),
    ...(existsSync(readmePath) ? { readme: readTextFile(readmePath) } : {}),
    ...(questionsPath ? { questionsUi: readTextFile(questionsPath) } : {}),
  };
}
