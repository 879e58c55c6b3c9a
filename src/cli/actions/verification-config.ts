// wardenkit verification-config: prints a Kubewarden verification config for the team's policies.
import { ScaffoldError } from "../../scaffold/new-policy.ts";
import { verificationConfigText, type VerificationConfigRequest } from "../../scaffold/verification-config.ts";
import type { CommandInput, ResultOf } from "../command.ts";
import type { VerificationConfigFlags } from "../commands/verification-config.ts";
import { UsageError } from "../errors.ts";
import { annotationsOf } from "./signing-args.ts";

/** Flags that name no signer, or a repository without its owner, are a command line that does not parse (exit 2). */
function configText(request: VerificationConfigRequest): string {
  try {
    return verificationConfigText(request);
  } catch (err) {
    throw err instanceof ScaffoldError ? new UsageError(err.message) : err;
  }
}

export async function run({ flags }: CommandInput<VerificationConfigFlags>): Promise<ResultOf<VerificationConfigFlags>> {
  const text = configText({
    githubOwner: flags["github-owner"],
    githubRepo: flags["github-repo"],
    keys: flags.key,
    annotations: annotationsOf(flags.annotation),
  });
  return { text: () => text.replace(/\n$/, "") };
}
