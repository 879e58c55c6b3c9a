// wardenkit apply: server-side apply of Kubewarden policy manifests to the current
// kubeconfig context, optionally waiting until each policy is active.
import { keylessVerification } from "./keyless-args.ts";
import { applyPolicies } from "../../cluster/apply.ts";
import type { CommandInput } from "../command.ts";
import type { ApplyFlags } from "../commands/apply.ts";
import { distFolder } from "../../project/project.ts";
import { clusterInput } from "./cluster-args.ts";
import { moduleVerification } from "../../modules/module-verification.ts";

export async function run({ flags, args, io }: CommandInput<ApplyFlags>): Promise<number> {
  const { client, documents, wait } = clusterInput(flags, args);
  // Settings are checked by each policy's module before anything is applied.
  const verification = moduleVerification(flags["verification-config"], keylessVerification(flags["trusted-root"]));
  await applyPolicies(client, documents, { wait, out: io.stdout, settings: { distDir: distFolder(flags.dist), verification } });
  return 0;
}
