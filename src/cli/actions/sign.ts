// wardenkit sign: signs a module in a registry with a cosign private key, or keyless.
import type { CommandInput, ResultOf } from "../command.ts";
import type { SignFlags } from "../commands/sign.ts";
import { imageSigner, signedText } from "./image-signer.ts";
import { registryConnection } from "./registry-args.ts";
import { annotationsOf } from "./signing-args.ts";
import { signingMaterial } from "./signing-material.ts";

export async function run({ flags, args: [reference] }: CommandInput<SignFlags>): Promise<ResultOf<SignFlags>> {
  const annotations = annotationsOf(flags.annotation);
  const sign = imageSigner(await signingMaterial(flags), annotations, registryConnection(flags));
  const signed = await sign(reference);
  return { data: () => signed, text: () => signedText(signed) };
}
