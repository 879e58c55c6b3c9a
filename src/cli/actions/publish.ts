// wardenkit publish: pushes dist/<policy>.wasm of every policy as <registry>/<policy>:v<version>,
// and with --sign signs each one and attests its SBOM (dist/<policy>.spdx.json) before its
// manifest is written.
import { publishedManifestWriter } from "../../manifests/published-manifests.ts";
import { publishPolicies, type PublishedPolicy } from "../../oci/publish.ts";
import { distFolder, findProject } from "../../project/project.ts";
import { signImage } from "../../signing/sign-image.ts";
import { attachSbom } from "../../signing/attach-sbom.ts";
import { keySigner } from "../../signing/attestation.ts";
import { sbomPath } from "../../build/sbom.ts";
import { existsSync } from "node:fs";
import type { CommandInput, ResultOf } from "../command.ts";
import type { PublishFlags } from "../commands/publish.ts";
import { CliError, UsageError } from "../errors.ts";
import { annotationsOf, signingKey } from "./signing-args.ts";

type Flags = CommandInput<PublishFlags>["flags"];

interface Signed {
  signatureTag: string;
  attestationTag: string;
}

/** The SBOM build wrote beside each module, every one found before anything is pushed. */
function requireSboms(distDir: string, policies: string[]): void {
  const missing = policies.map((policy) => sbomPath(distDir, policy)).filter((path) => !existsSync(path));
  if (missing.length > 0) throw new CliError(`${missing.join(", ")} not found: wardenkit build writes each module's SBOM beside it, and publish --sign attests it`);
}

/** With --sign, the signing of each pushed module; the key is read (and its password checked) and the SBOMs found before anything is pushed. */
async function signer(flags: Flags, distDir: string, policies: string[], signed: Map<string, Signed>): Promise<((p: PublishedPolicy) => Promise<void>) | undefined> {
  if (!flags.sign) {
    if (flags.key !== undefined || flags.annotation.length > 0) throw new UsageError("--key and -a go with --sign");
    return undefined;
  }
  const annotations = annotationsOf(flags.annotation);
  const key = await signingKey(flags.key, flags["password-file"]);
  requireSboms(distDir, policies);
  const registry = { insecure: flags.insecure, caFile: flags["ca-file"] };
  return async (published) => {
    let signatureTag: string;
    try {
      signatureTag = (await signImage(published.reference, key, { annotations, ...registry })).signatureTag;
    } catch (err) {
      throw new Error(`${published.reference} was pushed but is not signed: ${(err as Error).message}`);
    }
    try {
      const attested = await attachSbom(published.reference, sbomPath(distDir, published.policy), keySigner(key), registry);
      signed.set(published.policy, { signatureTag, attestationTag: attested.attestationTag });
    } catch (err) {
      throw new Error(`${published.reference} was pushed and signed, but its SBOM is not attested: ${(err as Error).message}`);
    }
  };
}

export async function run({ flags }: CommandInput<PublishFlags>): Promise<ResultOf<PublishFlags>> {
  const signed = new Map<string, Signed>();
  const project = findProject();
  const distDir = distFolder(flags.dist);
  const policies = project.policies.map((p) => p.name);
  const afterPush = await signer(flags, distDir, policies, signed);
  const published = await publishPolicies({
    registry: flags.registry,
    version: project.version,
    distDir,
    policies,
    insecure: flags.insecure,
    force: flags.force,
    caFile: flags["ca-file"],
    afterPush,
    writePolicyManifest: publishedManifestWriter(distDir, project),
  });
  const entries = published.map((p) => ({ ...p, ...signed.get(p.policy) }));
  return {
    data: () => entries,
    text: () => entries.map((p) => `${p.policy}: ${p.reference}${signed.has(p.policy) ? " (signed, SBOM attested)" : ""}`).join("\n"),
  };
}
