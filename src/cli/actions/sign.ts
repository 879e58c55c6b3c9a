// wardenkit sign: signs a module in a registry with a cosign private key.
import { signImage } from "../../signing/sign-image.ts";
import type { CommandInput, ResultOf } from "../command.ts";
import type { SignFlags } from "../commands/sign.ts";
import { annotationsOf, signingKey } from "./signing-args.ts";

export async function run({ flags, args: [reference] }: CommandInput<SignFlags>): Promise<ResultOf<SignFlags>> {
  const annotations = annotationsOf(flags.annotation);
  const key = await signingKey(flags.key, flags["password-file"]);
  const signed = await signImage(reference, key, { annotations, insecure: flags.insecure, caFile: flags["ca-file"] });
  const what = signed.alreadySigned ? "already signed by this key, nothing added" : `signed; signature ${signed.signatures} in ${signed.signatureTag}`;
  return { data: () => signed, text: () => `${signed.reference}: ${what}` };
}
