// wardenkit publish: pushes dist/<policy>.wasm of every policy as <registry>/<policy>:v<version>,
// and with --sign signs each one before its manifest is written and attests its SBOM
// (dist/<policy>.spdx.json), with the same key or keyless with the same identity token.
import { existsSync } from "node:fs";
import { sbomPath } from "../../build/sbom.ts";
import { publishedManifestWriter } from "../../manifests/published-manifests.ts";
import { publishPolicies, type PublishedPolicy } from "../../oci/publish.ts";
import { distFolder, findProject } from "../../project/project.ts";
import { attachSbom } from "../../signing/attach-sbom.ts";
import type { AttestationSigner } from "../../signing/attestation.ts";
import type { CommandInput, ResultOf } from "../command.ts";
import type { PublishFlags } from "../commands/publish.ts";
import { CliError, UsageError } from "../errors.ts";
import { imageSigner } from "./image-signer.ts";
import { attestationSigner } from "./attestation-signer.ts";
import { annotationsOf } from "./signing-args.ts";
import { signingMaterial, type SigningMaterial } from "./signing-material.ts";
import { registryConnection } from "./registry-args.ts";

type Flags = CommandInput<PublishFlags>["flags"];

interface Signed {
  signatureTag: string;
  /** Absent until the SBOM is attested. */
  attestationTag?: string;
}

/** The SBOM build wrote beside each module, every one found before anything is pushed. */
function requireSboms(distDir: string, policies: string[]): void {
  const missing = policies.map((policy) => sbomPath(distDir, policy)).filter((path) => !existsSync(path));
  if (missing.length > 0) throw new CliError(`${missing.join(", ")} not found: wardenkit build writes each module's SBOM beside it, and publish --sign attests it`);
}

/** With --sign, what signs the SBOM attestations: the same key, or keyless with the same identity token. */
function sbomSigner(material: SigningMaterial, distDir: string, policies: string[]): AttestationSigner {
  requireSboms(distDir, policies);
  return attestationSigner(material);
}

/** With --sign, the signing of each pushed module; the key (and its password) or the identity token, and the SBOMs, are read before anything is pushed. */
async function signer(flags: Flags, distDir: string, policies: string[], signed: Map<string, Signed>): Promise<((p: PublishedPolicy) => Promise<void>) | undefined> {
  if (!flags.sign) {
    if (flags.key !== undefined || flags.annotation.length > 0 || flags["identity-token"] !== undefined) throw new UsageError("--key, --identity-token and -a go with --sign");
    return undefined;
  }
  const registry = registryConnection(flags);
  const annotations = annotationsOf(flags.annotation);
  const material = await signingMaterial(flags);
  const sign = imageSigner(material, annotations, registry);
  const attestWith = sbomSigner(material, distDir, policies);
  return async (published) => {
    let signatureTag: string;
    try {
      signatureTag = (await sign(published.reference)).signatureTag;
    } catch (err) {
      throw new Error(`${published.reference} was pushed but is not signed: ${(err as Error).message}`);
    }
    signed.set(published.policy, { signatureTag });
    try {
      const attested = await attachSbom(published.reference, sbomPath(distDir, published.policy), attestWith, registry);
      signed.set(published.policy, { signatureTag, attestationTag: attested.attestationTag });
    } catch (err) {
      throw new Error(`${published.reference} was pushed and signed, but its SBOM is not attested: ${(err as Error).message}`);
    }
  };
}

function signedNote(entry: Signed | undefined): string {
  if (!entry) return "";
  return entry.attestationTag ? " (signed, SBOM attested)" : " (signed)";
}

export async function run({ flags }: CommandInput<PublishFlags>): Promise<ResultOf<PublishFlags>> {
  const project = findProject();
  const distDir = distFolder(flags.dist);
  const policies = project.policies.map((p) => p.name);
  const signed = new Map<string, Signed>();
  const afterPush = await signer(flags, distDir, policies, signed);
  const published = await publishPolicies({
    registry: flags.registry,
    version: project.version,
    distDir,
    policies,
    ...registryConnection(flags),
    force: flags.force,
    afterPush,
    writePolicyManifest: publishedManifestWriter(distDir, project),
  });
  const entries = published.map((p) => ({ ...p, ...signed.get(p.policy) }));
  return {
    data: () => entries,
    text: () => entries.map((p) => `${p.policy}: ${p.reference}${signedNote(signed.get(p.policy))}`).join("\n"),
  };
}
