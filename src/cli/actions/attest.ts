// wardenkit attest: attaches a signed SBOM attestation to an artifact in a registry, signed
// with a cosign key or keyless.
import { attachSbom } from "../../signing/attach-sbom.ts";
import type { CommandInput, ResultOf } from "../command.ts";
import type { AttestFlags } from "../commands/attest.ts";
import { attestationSigner } from "./attestation-signer.ts";
import { registryConnection } from "./registry-args.ts";
import { signingMaterial } from "./signing-material.ts";

export async function run({ flags, args: [reference] }: CommandInput<AttestFlags>): Promise<ResultOf<AttestFlags>> {
  const signer = attestationSigner(await signingMaterial(flags));
  const attested = await attachSbom(reference, flags.sbom, signer, registryConnection(flags));
  const result = signer.identity ? { ...attested, identity: signer.identity } : attested;
  const who = signer.identity ? ` keyless as ${signer.identity.subject} (issuer ${signer.identity.issuer})` : "";
  return {
    data: () => result,
    text: () => `${attested.reference}: SBOM attested${who} in ${attested.attestationTag} (${attested.attestations} attestation${attested.attestations === 1 ? "" : "s"})`,
  };
}
