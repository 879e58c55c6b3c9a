// wardenkit apply: server-side apply of Kubewarden policy manifests to the current
// kubeconfig context, optionally waiting until each policy is active.
import { applyPolicies } from "../../cluster/apply.ts";
import { CLUSTER_FLAGS_USAGE, parseClusterArgs } from "../cluster-args.ts";
import { findProject } from "../../project/project.ts";

export const summary = "apply policy manifests to the cluster and wait until they are active";
export const usage = `wardenkit apply ${CLUSTER_FLAGS_USAGE}  (default: dist/manifests)`;

export async function run(args: string[]): Promise<number> {
  const { client, documents, wait } = parseClusterArgs(args, usage);
  // Settings are checked by each policy's module before anything is applied.
  await applyPolicies(client, documents, { wait, out: process.stdout, settings: { distDir: findProject().folders.dist } });
  return 0;
}
