// wardenkit publish: pushes dist/<policy>.wasm of every policy as <registry>/<policy>:v<version>.
import { publishedManifestWriter } from "../../manifests/published-manifests.ts";
import { publishPolicies } from "../../oci/publish.ts";
import { distFolder, findProject } from "../../project/project.ts";
import type { CommandInput } from "../command.ts";
import type { PublishFlags } from "../commands/publish.ts";
import { printLine } from "../io.ts";

export async function run({ flags, io }: CommandInput<PublishFlags>): Promise<number> {
  const project = findProject();
  const distDir = distFolder(flags.dist);
  const published = await publishPolicies({
    registry: flags.registry,
    version: project.version,
    distDir,
    policies: project.policies.map((p) => p.name),
    insecure: flags.insecure,
    force: flags.force,
    caFile: flags["ca-file"],
    writePolicyManifest: publishedManifestWriter(distDir, project),
  });
  printLine(io.stdout, flags.output === "json" ? JSON.stringify(published, null, 2) : published.map((p) => `${p.policy}: ${p.reference}`).join("\n"));
  return 0;
}
