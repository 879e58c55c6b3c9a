// Creating a new policy from the template: policies/<name>/ with every piece of the
// policy folder (entry, settings, decision, metadata, README, settings.yml, bench/,
// the generated artifacthub-pkg.yml; docs/policy-folder.md) and fixtures/<name>/cases.yaml, so that the build, the
// tests and the bench pick it up with no other edit.
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { POLICY_NAME, POLICY_NAME_MAX_LENGTH } from "../build/policies.ts";
import { generateArtifactHubFile } from "../manifests/artifacthub.ts";
import { readProjectVersion } from "../project.ts";

const TEMPLATE_DIR = join(dirname(fileURLToPath(import.meta.url)), "template");
const TEMPLATE_SUFFIX = ".tmpl";

export class ScaffoldError extends Error {}

/** "pod-density" → "Pod density", the Artifact Hub display name. */
function titleOf(name: string): string {
  const words = name.split("-").join(" ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function render(text: string, name: string): string {
  return text.replaceAll("{{name}}", name).replaceAll("{{title}}", titleOf(name));
}

/** Every template file below `dir`, as paths relative to it. */
function templateFiles(dir: string, base = dir): string[] {
  return readdirSync(dir).sort().flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? templateFiles(path, base) : [relative(base, path)];
  });
}

/** Creates the policy and its fixtures under `root`; returns the files written, relative to `root`. */
export function scaffoldPolicy(root: string, name: string): string[] {
  if (!POLICY_NAME.test(name)) {
    throw new ScaffoldError(`'${name}' is not a valid policy name: use lowercase letters, digits and '-', starting and ending with a letter or digit`);
  }
  if (name.length > POLICY_NAME_MAX_LENGTH) {
    throw new ScaffoldError(`'${name}' is too long for a policy name: it has ${name.length} characters and Kubernetes allows at most ${POLICY_NAME_MAX_LENGTH}`);
  }
  const targets = { policy: resolve(root, "policies", name), fixtures: resolve(root, "fixtures", name) };
  for (const dir of Object.values(targets)) {
    if (existsSync(dir)) throw new ScaffoldError(`${relative(root, dir)} already exists; choose another name or remove it first`);
  }
  const written: string[] = [];
  for (const [part, target] of Object.entries(targets)) {
    for (const file of templateFiles(join(TEMPLATE_DIR, part))) {
      const out = join(target, file.endsWith(TEMPLATE_SUFFIX) ? file.slice(0, -TEMPLATE_SUFFIX.length) : file);
      mkdirSync(dirname(out), { recursive: true });
      writeFileSync(out, render(readFileSync(join(TEMPLATE_DIR, part, file), "utf8"), name));
      written.push(relative(root, out));
    }
  }
  // The one generated piece: Artifact Hub's file, from the metadata and README just written.
  const artifactHub = generateArtifactHubFile(targets.policy, readProjectVersion(root));
  writeFileSync(artifactHub.path, artifactHub.text);
  written.push(relative(root, artifactHub.path));
  return written;
}
