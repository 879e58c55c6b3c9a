// wardenkit artifacthub: writes (or checks) policies/<policy>/artifacthub-pkg.yml.
import { existsSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { relative } from "node:path";
import { generateArtifactHubFile } from "../../manifests/artifacthub.ts";
import { lineDiff } from "../../manifests/line-diff.ts";
import { findProject, type Project } from "../../project/project.ts";
import type { CommandInput } from "../command.ts";
import type { ArtifacthubFlags } from "../commands/artifacthub.ts";
import { CliError } from "../errors.ts";
import { printLine, type CommandIo } from "../io.ts";

/** A bare name is a folder under policies/; `.`, `..` and anything with a slash are paths. */
function policyDir(project: Project, arg: string): string {
  const dir = arg.includes("/") || arg.startsWith(".") ? arg : project.policy(arg).dir;
  if (!existsSync(dir)) throw new CliError(`no policy folder ${dir}`);
  return dir;
}

export async function run({ flags, args, io }: CommandInput<ArtifacthubFlags>): Promise<number> {
  const project = findProject();
  const policies = args.length ? args : project.policies.map((p) => p.name);
  let code = 0;
  for (const policy of policies) code = Math.max(code, await one(project, policy, flags.check, io));
  return code;
}

/** Writes or checks one policy's file; 1 when --check finds it missing or stale. */
async function one(project: Project, policy: string, check: boolean, io: CommandIo): Promise<number> {
  const generated = generateArtifactHubFile(policyDir(project, policy), project.version);
  const fromCwd = relative(process.cwd(), generated.path);
  const shown = fromCwd.startsWith("..") ? generated.path : fromCwd;

  if (check) {
    if (generated.existing === generated.text) return 0;
    const why = generated.existing === undefined ? "is missing" : `is stale:\n${lineDiff(generated.existing, generated.text)}`;
    printLine(io.stderr, `${shown} ${why}\nRegenerate it with: wardenkit artifacthub ${policy}`);
    return 1;
  }
  if (generated.existing !== generated.text) await writeFile(generated.path, generated.text);
  printLine(io.stdout, generated.existing === generated.text ? `${shown} is up to date` : `wrote ${shown}`);
  return 0;
}
