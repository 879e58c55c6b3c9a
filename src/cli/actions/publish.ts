// wardenkit publish: pushes dist/<policy>.wasm of every policy as <registry>/<policy>:v<version>.
import { publishedManifestWriter } from "../../manifests/published-manifests.ts";
import { publishPolicies } from "../../oci/publish.ts";
import { distFolder, findProject } from "../../project/project.ts";
import type { CommandInput, ResultOf } from "../command.ts";
import type { PublishFlags } from "../commands/publish.ts";

export async function run({ flags }: CommandInput<PublishFlags>): Promise<ResultOf<PublishFlags>> {
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
  return { data: () => published, text: () => published.map((p) => `${p.policy}: ${p.reference}`).join("\n") };
}
