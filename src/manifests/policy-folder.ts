// Reads what Artifact Hub shows of a policy folder: metadata.yml (read and checked by
// src/project/metadata-file.ts, as the build reads it), README.md and the optional
// questions-ui.yml that Artifact Hub shows as a settings form.
import { existsSync, readFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { readMetadataFile, type MetadataFile } from "../project/metadata-file.ts";
import { policyIn } from "../project/policies.ts";

export interface PolicyFolder {
  name: string;
  dir: string;
  metadata: MetadataFile;
  readme?: string;
  questionsUi?: string;
}

const QUESTIONS_FILES = ["questions-ui.yml", "questions-ui.yaml"];

function firstExisting(dir: string, names: string[]): string | undefined {
  return names.map((n) => join(dir, n)).find((p) => existsSync(p));
}

export function readPolicyFolder(dir: string): PolicyFolder {
  const policy = policyIn(dirname(dir), basename(dir));
  const questionsPath = firstExisting(policy.dir, QUESTIONS_FILES);
  return {
    name: policy.name,
    dir: policy.dir,
    metadata: readMetadataFile(policy.metadataFile),
    ...(existsSync(policy.readme) ? { readme: readFileSync(policy.readme, "utf8") } : {}),
    ...(questionsPath ? { questionsUi: readFileSync(questionsPath, "utf8") } : {}),
  };
}
