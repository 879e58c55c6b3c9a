// wardenkit publish: pushes dist/<policy>.wasm of every policy as <registry>/<policy>:v<version>.
import { join } from "node:path";
import { findPolicies } from "../../build/policies.ts";
import { publishedManifestWriter } from "../../manifests/published-manifests.ts";
import { publishPolicies } from "../../oci/publish.ts";
import { PROJECT_ROOT, readProjectVersion } from "../../project.ts";
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
  const distDir = values.dist ?? join(PROJECT_ROOT, "dist");
  const published = await publishPolicies({
    registry: values.registry,
    version: readProjectVersion(),
    distDir,
    policies: findPolicies(PROJECT_ROOT).map((p) => p.name),
    insecure: values.insecure,
    caFile: values["ca-file"],
    writePolicyManifest: publishedManifestWriter(distDir),
  });
  console.log(json ? JSON.stringify(published, null, 2) : published.map((p) => `${p.policy}: ${p.reference}`).join("\n"));
  return 0;
}
