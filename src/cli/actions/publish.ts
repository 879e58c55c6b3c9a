// wardenkit publish: pushes dist/<policy>.wasm of every policy as <registry>/<policy>:v<version>,
// and with --sign signs each one before its manifest is written.
import { publishedManifestWriter } from "../../manifests/published-manifests.ts";
import { publishPolicies, type PublishedPolicy } from "../../oci/publish.ts";
import { distFolder, findProject } from "../../project/project.ts";
import type { CommandInput, ResultOf } from "../command.ts";
import type { PublishFlags } from "../commands/publish.ts";
import { UsageError } from "../errors.ts";
import { imageSigner } from "./image-signer.ts";

type Flags = CommandInput<PublishFlags>["flags"];

/** With --sign, the signing of each pushed module; the key (and its password) or the identity token is read before anything is pushed. */
async function signer(flags: Flags, signed: Map<string, string>): Promise<((p: PublishedPolicy) => Promise<void>) | undefined> {
  if (!flags.sign) {
    if (flags.key !== undefined || flags.annotation.length > 0 || flags["identity-token"] !== undefined) throw new UsageError("--key, --identity-token and -a go with --sign");
    return undefined;
  }
  const sign = await imageSigner(flags, { insecure: flags.insecure, caFile: flags["ca-file"] });
  return async (published) => {
    try {
      const result = await sign(published.reference);
      signed.set(published.policy, result.signatureTag);
    } catch (err) {
      throw new Error(`${published.reference} was pushed but is not signed: ${(err as Error).message}`);
    }
  };
}

export async function run({ flags }: CommandInput<PublishFlags>): Promise<ResultOf<PublishFlags>> {
  const signed = new Map<string, string>();
  const afterPush = await signer(flags, signed);
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
    afterPush,
    writePolicyManifest: publishedManifestWriter(distDir, project),
  });
  const entries = published.map((p) => (signed.has(p.policy) ? { ...p, signatureTag: signed.get(p.policy) } : p));
  return {
    data: () => entries,
    text: () => entries.map((p) => `${p.policy}: ${p.reference}${signed.has(p.policy) ? " (signed)" : ""}`).join("\n"),
  };
}
