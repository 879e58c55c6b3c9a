// Creating a new policy from the template: <policies>/<name>/ with every piece of the
// policy folder (entry, settings, decision, metadata, README, settings.yml, bench/, the
// generated artifacthub-pkg.yml; docs/policy-folder.md) and <fixtures>/<name>/cases.yaml,
// so that the build, the tests and the bench pick it up with no other edit.
import { existsSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { POLICY_NAME, POLICY_NAME_MAX_LENGTH } from "../project/policies.ts";
import { generateArtifactHubFile } from "../manifests/artifacthub.ts";
import { PACKAGE_ASSETS } from "../io/package-root.ts";
import type { ProjectIdentity } from "../project/identity.ts";
import type { Project } from "../project/project.ts";
import { writeTemplate } from "./template-files.ts";

export class ScaffoldError extends Error {}

/** "pod-density" → "Pod density", the Artifact Hub display name. */
function titleOf(name: string): string {
  const words = name.split("-").join(" ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** A license when package.json names none: the one Kubewarden's own policies carry. */
const DEFAULT_LICENSE = "Apache-2.0";

/**
 * The metadata annotations that say whose policy it is, from the project's package.json.
 * One that is not known is left out rather than filled with someone else's name.
 */
function identityAnnotations(identity: ProjectIdentity, name: string): string {
  const annotations: [string, string | undefined][] = [
    ["io.kubewarden.policy.author", identity.author],
    ["io.kubewarden.policy.url", identity.repository],
    ["io.kubewarden.policy.source", identity.repository],
    ["io.kubewarden.policy.license", identity.license ?? DEFAULT_LICENSE],
    ["io.kubewarden.policy.ociUrl", identity.registry && `${identity.registry}/${name}`],
  ];
  return annotations.filter(([, value]) => value).map(([key, value]) => `  ${key}: ${value}`).join("\n");
}

export interface ScaffoldedPolicy {
  /** Relative to the project's root. */
  files: string[];
  /** What the user still has to do, such as naming the registry the policy is published to. */
  notes: string[];
}

export interface PolicyTemplateOptions {
  /** A policy that changes what it admits: the mutating template, with a patch case. */
  mutating?: boolean;
}

/** The template's folders, the mutating one's files written over the plain one's. */
function templateLayers(options: PolicyTemplateOptions): string[] {
  return options.mutating ? [PACKAGE_ASSETS.policyTemplate, join(PACKAGE_ASSETS.policyTemplate, "mutating")] : [PACKAGE_ASSETS.policyTemplate];
}

/** Creates the policy and its fixtures in `project`. */
export function scaffoldPolicy(project: Project, name: string, options: PolicyTemplateOptions = {}): ScaffoldedPolicy {
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
  const values = { name, title: titleOf(name), identityAnnotations: identityAnnotations(project.identity, name), mutating: String(options.mutating ?? false) };
  const paths = templateLayers(options).flatMap((layer) =>
    Object.entries(targets).flatMap(([part, target]) => (existsSync(join(layer, part)) ? writeTemplate(join(layer, part), target, values) : [])),
  );
  const written = [...new Set(paths)].map((file) => relative(project.root, file));
  if (!project.identity.registry) {
    const where = relative(project.root, project.policy(name).metadataFile);
    return {
      files: written,
      notes: [
        `${where} has no io.kubewarden.policy.ociUrl: package.json names no registry. Set "wardenkit": {"registry": "<host>/<prefix>"} ` +
          `(or a GitHub "repository"), add the annotation, then write the Artifact Hub file with: wardenkit artifacthub ${name}`,
      ],
    };
  }
  // The one generated piece: Artifact Hub's file, from the metadata and README just written.
  const artifactHub = generateArtifactHubFile(targets.policy, project.version);
  writeFileSync(artifactHub.path, artifactHub.text);
  written.push(relative(project.root, artifactHub.path));
  return { files: written, notes: [] };
}
