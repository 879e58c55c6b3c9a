// wardenkit pull: downloads a policy module from an OCI registry into a file.
import { keylessVerification } from "./keyless-args.ts";
import { registryArgs } from "./registry-args.ts";
import { pullPolicyToFile } from "../../oci/pull.ts";
import { moduleVerification, verifiedReference } from "../../modules/module-verification.ts";
import type { CommandInput, ResultOf } from "../command.ts";
import type { PullFlags } from "../commands/pull.ts";

export async function run({ flags, args: [reference] }: CommandInput<PullFlags>): Promise<ResultOf<PullFlags>> {
  const file = flags["output-file"];
  // Streamed into a file beside the target and renamed once verified: a failed pull leaves no partial module.
  const registry = registryArgs(flags);
  const verification = moduleVerification(flags["verification-config"], keylessVerification(flags["trusted-root"]));
  const source = verification ? await verifiedReference(reference, verification, registry) : reference;
  const pulled = await pullPolicyToFile(source, file, registry);
  return { text: () => `${pulled.reference} -> ${file} (${pulled.size} bytes)` };
}
