// Creating a new policy from the template: <policies>/<name>/ with every piece of the
// policy folder (entry, settings, decision, metadata, README, settings.yml, bench/, the
// generated artifacthub-pkg.yml; docs/policy-folder.md) and <fixtures>/<name>/cases.yaml,
// so that the build, the tests and the bench pick it up with no other edit.
import { existsSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { POLICY_NAME, POLICY_NAME_MAX_LENGTH } from "../project/policies.ts";
import { generateArtifactHubFile } from "../manifests/artifacthub.ts";
import { PACKAGE_ASSETS } from "../io/package-root.ts";
import type { Project } from "../project/project.ts";
import { writeTemplate } from "./template-files.ts";

export class ScaffoldError extends Error {}

/** "pod-density" → "Pod density", the Artifact Hub display name. */
function titleOf(name: string): string {
  const words = name.split("-").join(" ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Creates the policy and its fixtures in `project`; returns the files written, relative to its root. */
export function scaffoldPolicy(project: Project, name: string): string[] {
  if (!POLICY_NAME.test(name)) {
    throw new ScaffoldError(`'${name}' is not a valid policy name: use lowercase letters, digits and '-', starting and ending with a letter or digit`);
  }
  if (name.length > POLICY_NAME_MAX_LENGTH) {
    throw new ScaffoldError(`'${name}' is too long for a policy name: it has ${name.length} characters and Kubernetes allows at most ${POLICY_NAME_MAX_LENGTH}`);
  }
  const targets = { policy: project.policy(name).dir, fixtures: join(project.folders.fixtures, name) };
  for (const dir of Object.values(targets)) {
    if (existsSync(dir)) throw new ScaffoldError(`${relative(project.root, dir)} already exists; choose another name or remove it first`);
  }
  const values = { name, title: titleOf(name) };
  const written = Object.entries(targets)
    .flatMap(([part, target]) => writeTemplate(join(PACKAGE_ASSETS.policyTemplate, part), target, values))
    .map((file) => relative(project.root, file));
  // The one generated piece: Artifact Hub's file, from the metadata and README just written.
  const artifactHub = generateArtifactHubFile(targets.policy, project.version);
  writeFileSync(artifactHub.path, artifactHub.text);
  written.push(relative(project.root, artifactHub.path));
  return written;
}
