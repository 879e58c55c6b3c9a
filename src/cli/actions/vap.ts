// wardenkit vap: ValidatingAdmissionPolicies and their bindings compiled into policy folders of
// the project, built, with their manifests written and checked.
import { join, relative } from "node:path";
import { findProject } from "../../project/project.ts";
import { compileVap } from "../../vap/compile-vap.ts";
import { compileVapFiles } from "../../vap/vap-batch.ts";
import type { CommandInput } from "../command.ts";
import type { VapFlags } from "../commands/vap.ts";
import { printLine } from "../io.ts";

const MANIFEST_FOLDER = "vap";

export async function run({ flags, args, io }: CommandInput<VapFlags>): Promise<number> {
  const project = findProject();
  const manifestDir = flags.out ?? join(project.folders.deploy, MANIFEST_FOLDER);
  const shown = (path: string) => relative(process.cwd(), path) || ".";
  const written = await compileVapFiles({
    paths: args, bindings: flags.binding, params: flags.params, project, manifestDir, compile: compileVap,
    force: flags.force, policyServer: flags["policy-server"],
    onBuilding: (name) => printLine(io.stdout, `building ${name}…`),
  });
  for (const policy of written) {
    const { plan } = policy;
    printLine(io.stdout, `${plan.name}: ${shown(policy.folder)}/, ${shown(policy.module)}, ${shown(policy.manifestPath)} (${plan.kind}${plan.namespace ? ` in ${plan.namespace}` : ""}, mode ${plan.mode})`);
    for (const note of plan.notes) printLine(io.stderr, `note: ${plan.name}: ${note}`);
  }
  printLine(io.stdout, `${written.length} ${written.length === 1 ? "policy" : "policies"} written`);
  return 0;
}
