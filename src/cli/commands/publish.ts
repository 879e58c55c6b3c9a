// wardenkit publish: pushes dist/<policy>.wasm of every policy as <registry>/<policy>:v<version>.
import { deploySettingsDir, publishedManifestWriter } from "../../manifests/published-manifests.ts";
import { publishPolicies } from "../../oci/publish.ts";
import { findProject } from "../../project/project.ts";
import { isJsonOutput, parseFlags, usageError } from "../flags.ts";

export const summary = "push every policy of the project as <registry>/<policy>:v<version> and write dist/manifests/<policy>.yaml pinned by digest";
export const usage = "wardenkit publish --registry <host[:port]/prefix> [--dist <dir>] [--insecure] [--ca-file <ca.pem>] [-o json]";

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseFlags(args, {
    registry: { type: "string" },
    dist: { type: "string" },
    insecure: { type: "boolean" },
    "ca-file": { type: "string" },
    output: { type: "string", short: "o" },
  }, usage);
  const json = isJsonOutput(values.output, usage);
  if (!values.registry) throw usageError("missing --registry", usage);
  if (positionals.length) throw usageError(`unexpected argument '${positionals[0]}'`, usage);
  const project = findProject();
  const distDir = values.dist ?? project.folders.dist;
  const published = await publishPolicies({
    registry: values.registry,
    version: project.version,
    distDir,
    policies: project.policies.map((p) => p.name),
    insecure: values.insecure,
    caFile: values["ca-file"],
    writePolicyManifest: publishedManifestWriter(distDir, deploySettingsDir(project)),
  });
  console.log(json ? JSON.stringify(published, null, 2) : published.map((p) => `${p.policy}: ${p.reference}`).join("\n"));
  return 0;
}
