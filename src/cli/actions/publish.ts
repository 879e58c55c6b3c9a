// wardenkit publish: pushes dist/<policy>.wasm of every policy as <registry>/<policy>:v<version>,
// and with --sign signs each and attaches its SBOM.
import { publishedManifestWriter } from "../../manifests/published-manifests.ts";
import { publishPolicies } from "../../oci/publish.ts";
import { distFolder, findProject } from "../../project/project.ts";
import type { CommandInput, ResultOf } from "../command.ts";
import type { PublishFlags } from "../commands/publish.ts";
import { publishSigner, type SignedPublication } from "./publish-signing.ts";

function signedText(signed: SignedPublication[]): string[] {
  return signed.map((s) => `${s.policy}: signed (${s.signatureTag}), SBOM attested (${s.attestationTag})`);
}

export async function run({ flags }: CommandInput<PublishFlags>): Promise<ResultOf<PublishFlags>> {
  const project = findProject();
  const distDir = distFolder(flags.dist);
  const policies = project.policies.map((p) => p.name);
  const signer = await publishSigner(flags, distDir, policies);
  const registry = { insecure: flags.insecure, caFile: flags["ca-file"] };
  const published = await publishPolicies({
    registry: flags.registry,
    version: project.version,
    distDir,
    policies,
    ...registry,
    force: flags.force,
    writePolicyManifest: publishedManifestWriter(distDir, project),
  });
  const signed = signer ? await signer.signAll(published, registry) : [];
  return {
    data: () => (signer ? published.map((p) => ({ ...p, ...signed.find((s) => s.policy === p.policy) })) : published),
    text: () => [...published.map((p) => `${p.policy}: ${p.reference}`), ...signedText(signed)].join("\n"),
  };
}
