// wardenkit publish: pushes dist/<policy>.wasm of every policy as <registry>/<policy>:v<version>.
import { join } from "node:path";
import { findPolicies } from "../../build/policies.ts";
import { publishedManifestWriter } from "../../manifests/published-manifests.ts";
import { publishPolicies } from "../../oci/publish.ts";
import { PROJECT_ROOT, readProjectVersion } from "../../project.ts";
import type { CommandInput } from "../command.ts";
import type { PublishFlags } from "../commands/publish.ts";
import { printLine } from "../io.ts";

export async function run({ flags, io }: CommandInput<PublishFlags>): Promise<number> {
  const distDir = flags.dist ?? join(PROJECT_ROOT, "dist");
  const published = await publishPolicies({
    registry: flags.registry,
    version: readProjectVersion(),
    distDir,
    policies: findPolicies(PROJECT_ROOT).map((p) => p.name),
    insecure: flags.insecure,
    caFile: flags["ca-file"],
    writePolicyManifest: publishedManifestWriter(distDir),
  });
  printLine(io.stdout, flags.output === "json" ? JSON.stringify(published, null, 2) : published.map((p) => `${p.policy}: ${p.reference}`).join("\n"));
  return 0;
}
