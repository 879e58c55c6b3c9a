// wardenkit delete: removes the policies named in manifests from the current kubeconfig
// context, optionally waiting until they are gone.
import { deletePolicies } from "../../cluster/delete.ts";
import type { CommandInput } from "../command.ts";
import type { DeleteFlags } from "../commands/delete.ts";
import { clusterInput } from "./cluster-args.ts";

export async function run({ flags, args, io }: CommandInput<DeleteFlags>): Promise<number> {
  const { client, documents, wait } = clusterInput(flags, args);
  await deletePolicies(client, documents, { wait, out: io.stdout });
  return 0;
}
