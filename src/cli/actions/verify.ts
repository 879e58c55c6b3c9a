// wardenkit verify: checks a module's signatures by a public key or a verification config.
import { publicKeyConfig } from "../../signing/key-config.ts";
import { readVerificationConfig } from "../../signing/verification-config.ts";
import { verifyImage } from "../../signing/verify-image.ts";
import type { CommandInput, ResultOf } from "../command.ts";
import type { VerifyFlags } from "../commands/verify.ts";
import { UsageError } from "../errors.ts";
import { annotationsOf } from "./signing-args.ts";

function configOf(flags: CommandInput<VerifyFlags>["flags"]) {
  const file = flags["verification-config"];
  if ((flags.key === undefined) === (file === undefined)) throw new UsageError("give either --key <cosign.pub> or --verification-config <file>");
  if (file !== undefined && flags.annotation.length > 0) throw new UsageError("-a goes with --key; a verification config names its annotations itself");
  return file !== undefined ? readVerificationConfig(file) : publicKeyConfig(flags.key!, annotationsOf(flags.annotation));
}

export async function run({ flags, args: [reference] }: CommandInput<VerifyFlags>): Promise<ResultOf<VerifyFlags>> {
  const verified = await verifyImage(reference, configOf(flags), { insecure: flags.insecure, caFile: flags["ca-file"] });
  return {
    data: () => verified,
    text: () => [`${verified.reference}: verified`, ...verified.satisfied.map((rule) => `  satisfied: ${rule}`)].join("\n"),
  };
}
