// `wardenkit delete`: removes policies named in manifests, optionally waiting until the
// controller has finished with them (policies carry a finalizer, so deletion takes a moment).
import type { WaitSettings } from "./apply.ts";
import { checkKindsServed } from "./apply.ts";
import type { PolicyClient } from "./client.ts";
import { ClusterError } from "./errors.ts";
import { describePolicy, type PolicyDocument } from "../manifests/policy-documents.ts";
import { ABSENT, policyStatusOf } from "./policy-status.ts";
import { pollPolicies } from "./poll.ts";
import { PolicyProgress, type ProgressOutput } from "./progress.ts";

export interface DeleteOptions {
  wait?: WaitSettings;
  out: ProgressOutput;
}

const SECOND_MS = 1000;

export async function deletePolicies(client: PolicyClient, documents: PolicyDocument[], options: DeleteOptions): Promise<void> {
  await checkKindsServed(client, documents);
  const deleted = [];
  for (const { object } of documents) {
    const existed = await client.delete(object);
    options.out.write(`${describePolicy(object)} ${existed ? "deleted" : "not found"}\n`);
    if (existed) deleted.push(object);
  }
  if (!options.wait || !deleted.length) return;

  const progress = new PolicyProgress(options.out, deleted, ABSENT);
  const stuck = await pollPolicies(client, deleted, {
    ...options.wait,
    stateOf: (observed) => (observed ? `deleting (${policyStatusOf(observed)})` : ABSENT),
    isDone: (observed) => observed === null,
    onChange: (policy, state, elapsed) => progress.update(policy, state, elapsed),
  });
  if (stuck.length) {
    const names = stuck.map(({ policy }) => describePolicy(policy)).join(", ");
    throw new ClusterError(`still present after ${Math.round(options.wait.timeoutMs / SECOND_MS)}s: ${names}`);
  }
}
