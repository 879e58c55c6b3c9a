// wardenkit artifacthub: writes (or checks) policies/<policy>/artifacthub-pkg.yml.
import { existsSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { relative } from "node:path";
import { generateArtifactHubFile } from "../../manifests/artifacthub.ts";
import { lineDiff } from "../../manifests/line-diff.ts";
import { findProject, type Project } from "../../project/project.ts";
import { CliError } from "../errors.ts";
import { parseFlags, usageError } from "../flags.ts";

export const summary = "generate a policy's artifacthub-pkg.yml, or --check that it is current";
export const usage = "wardenkit artifacthub <policy | path/to/policy-folder> [--check]";

/** A bare name is a folder under policies/; `.`, `..` and anything with a slash are paths. */
function policyDir(project: Project, arg: string): string {
  const dir = arg.includes("/") || arg.startsWith(".") ? arg : project.policy(arg).dir;
  if (!existsSync(dir)) throw new CliError(`no policy folder ${dir}`);
  return dir;
}

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseFlags(args, { check: { type: "boolean" } }, usage);
  if (positionals.length !== 1) throw usageError("expected one policy", usage);
  const project = findProject();
  const generated = generateArtifactHubFile(policyDir(project, positionals[0]), project.version);
  const fromCwd = relative(process.cwd(), generated.path);
  const shown = fromCwd.startsWith("..") ? generated.path : fromCwd;

  if (values.check) {
    if (generated.existing === generated.text) return 0;
    const why = generated.existing === undefined ? "is missing" : `is stale:\n${lineDiff(generated.existing, generated.text)}`;
    console.error(`${shown} ${why}\nRegenerate it with: wardenkit artifacthub ${positionals[0]}`);
    return 1;
  }
  if (generated.existing !== generated.text) await writeFile(generated.path, generated.text);
  console.log(generated.existing === generated.text ? `${shown} is up to date` : `wrote ${shown}`);
  return 0;
}
