// wardenkit attest: attaches a signed SBOM attestation to an artifact in a registry.
import { attachSbom } from "../../signing/attach-sbom.ts";
import { keySigner } from "../../signing/attestation.ts";
import type { CommandInput, ResultOf } from "../command.ts";
import type { AttestFlags } from "../commands/attest.ts";
import { signingKey } from "./signing-args.ts";

export async function run({ flags, args: [reference] }: CommandInput<AttestFlags>): Promise<ResultOf<AttestFlags>> {
  const key = await signingKey(flags.key, flags["password-file"]);
  const attested = await attachSbom(reference, flags.sbom, keySigner(key), { insecure: flags.insecure, caFile: flags["ca-file"] });
  return {
    data: () => attested,
    text: () => `${attested.reference}: SBOM attested in ${attested.attestationTag} (${attested.attestations} attestation${attested.attestations === 1 ? "" : "s"})`,
  };
}
