// wardenkit delete: removes the policies named in manifests from the current kubeconfig
// context, optionally waiting until they are gone.
import { deletePolicies } from "../../cluster/delete.ts";
import { CLUSTER_FLAGS_USAGE, parseClusterArgs } from "../cluster-args.ts";

export const summary = "delete the policies named in manifests from the cluster";
export const usage = `wardenkit delete ${CLUSTER_FLAGS_USAGE}  (default: dist/manifests)`;

export async function run(args: string[]): Promise<number> {
  const { client, documents, wait } = parseClusterArgs(args, usage);
  await deletePolicies(client, documents, { wait, out: process.stdout });
  return 0;
}
