// `wardenkit apply`: server-side apply of policy manifests, then (optionally) waiting until
// the policy server enforces each of them.
import type { PolicyClient } from "./client.ts";
import { stuckPoliciesReport } from "./diagnostics.ts";
import { ClusterError } from "./errors.ts";
import { describePolicy, type PolicyDocument } from "../manifests/policy-documents.ts";
import { ACTIVE, NO_STATUS, policyStatusOf } from "./policy-status.ts";
import { pollPolicies } from "./poll.ts";
import { PolicyProgress, type ProgressOutput } from "./progress.ts";
import { checkPolicySettings, type SettingsCheckOptions } from "./settings-check.ts";

export interface WaitSettings {
  timeoutMs: number;
  intervalMs: number;
}

export interface ApplyOptions {
  /** Wait until every policy is active; omitted: return right after applying. */
  wait?: WaitSettings;
  out: ProgressOutput;
  /** Where the policy server Deployments live, for the timeout report. */
  kubewardenNamespace?: string;
  /** Check settings with each policy's module first; omitted: not checked. */
  settings?: SettingsCheckOptions;
}

const SECOND_MS = 1000;

/** Fails before changing anything when the cluster cannot take these kinds. */
export async function checkKindsServed(client: PolicyClient, documents: PolicyDocument[]): Promise<void> {
  for (const { object } of documents) await client.resourceOf(object.apiVersion, object.kind);
}

export async function applyPolicies(client: PolicyClient, documents: PolicyDocument[], options: ApplyOptions): Promise<void> {
  await checkKindsServed(client, documents);
  if (options.settings) {
    const { invalid, notes } = await checkPolicySettings(documents, options.settings);
    for (const note of notes) options.out.write(`${note}\n`);
    if (invalid.length) throw new ClusterError(`nothing applied: ${invalid.join("; ")}`);
  }
  for (const { object } of documents) {
    await client.apply(object);
    options.out.write(`${describePolicy(object)} applied\n`);
  }
  if (!options.wait) return;

  const policies = documents.map((d) => d.object);
  const progress = new PolicyProgress(options.out, policies, ACTIVE);
  const stuck = await pollPolicies(client, policies, {
    ...options.wait,
    stateOf: policyStatusOf,
    isDone: (observed) => policyStatusOf(observed) === ACTIVE,
    onChange: (policy, state, elapsed) => progress.update(policy, state, elapsed),
  });
  const seconds = Math.round(options.wait.timeoutMs / SECOND_MS);
  if (stuck.length) {
    options.out.write(`${(await stuckPoliciesReport(client, stuck, options.kubewardenNamespace)).join("\n")}\n`);
    const noStatus = stuck.filter(({ observed }) => policyStatusOf(observed) === NO_STATUS).length;
    const why = noStatus ? ` (${noStatus} without any status: no Kubewarden controller has reconciled them)` : "";
    throw new ClusterError(`${stuck.length} of ${policies.length} policies not active after ${seconds}s${why}`);
  }
  options.out.write(`all ${policies.length} policies active\n`);
}
