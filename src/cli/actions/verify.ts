// wardenkit verify: checks a module's signatures by a public key, a keyless identity or a
// verification config; keyless signatures are checked against --trusted-root.
import { publicKeyConfig } from "../../signing/key-config.ts";
import { keylessIdentityConfig } from "../../signing/keyless/identity-config.ts";
import { readVerificationConfig } from "../../signing/verification-config.ts";
import { verifyImage } from "../../signing/verify-image.ts";
import type { CommandInput, ResultOf } from "../command.ts";
import type { VerifyFlags } from "../commands/verify.ts";
import { UsageError } from "../errors.ts";
import { certificateIdentity, keylessVerification } from "./keyless-args.ts";
import { annotationsOf } from "./signing-args.ts";
import { registryConnection } from "./registry-args.ts";

function configOf(flags: CommandInput<VerifyFlags>["flags"]) {
  const file = flags["verification-config"];
  const identity = certificateIdentity(flags);
  const given = [flags.key, identity, file].filter((x) => x !== undefined).length;
  if (given !== 1) throw new UsageError("give one of --key <cosign.pub>, --certificate-identity with --certificate-oidc-issuer, or --verification-config <file>");
  if (file !== undefined && flags.annotation.length > 0) throw new UsageError("-a goes with --key or --certificate-identity; a verification config names its annotations itself");
  if (file !== undefined) return readVerificationConfig(file);
  const annotations = annotationsOf(flags.annotation);
  return identity ? keylessIdentityConfig(identity.subject, identity.issuer, annotations) : publicKeyConfig(flags.key!, annotations);
}

export async function run({ flags, args: [reference] }: CommandInput<VerifyFlags>): Promise<ResultOf<VerifyFlags>> {
  const config = configOf(flags);
  const keyless = keylessVerification(flags["trusted-root"]);
  const verified = await verifyImage(reference, config, { ...registryConnection(flags), keyless });
  return {
    data: () => verified,
    text: () => [`${verified.reference}: verified`, ...verified.satisfied.map((rule) => `  satisfied: ${rule}`)].join("\n"),
  };
}
