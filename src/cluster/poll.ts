// Polls a set of policies until each reaches the wanted state or time runs out, reporting
// every change of state so a progress display can follow along.
import type { ObservedObject, PolicyClient } from "./client.ts";
import type { PolicyObject } from "../manifests/policy-documents.ts";

export interface PollOptions {
  timeoutMs: number;
  intervalMs: number;
  /** The state shown for a policy: e.g. its policyStatus, or "absent". */
  stateOf(observed: ObservedObject | null): string;
  isDone(observed: ObservedObject | null): boolean;
  onChange(policy: PolicyObject, state: string, elapsedMs: number): void;
}

export interface Unfinished {
  policy: PolicyObject;
  /** The last answer of the cluster for it. */
  observed: ObservedObject | null;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves with the policies that did not get there in time (empty when all did). */
export async function pollPolicies(client: PolicyClient, policies: PolicyObject[], options: PollOptions): Promise<Unfinished[]> {
  const started = Date.now();
  const lastState = new Map<PolicyObject, string>();
  let waiting: Unfinished[] = policies.map((policy) => ({ policy, observed: null }));
  for (;;) {
    for (const entry of waiting) {
      entry.observed = await client.get(entry.policy);
      const state = options.stateOf(entry.observed);
      if (lastState.get(entry.policy) !== state) {
        lastState.set(entry.policy, state);
        options.onChange(entry.policy, state, Date.now() - started);
      }
    }
    waiting = waiting.filter((entry) => !options.isDone(entry.observed));
    if (!waiting.length || Date.now() - started >= options.timeoutMs) return waiting;
    await sleep(Math.min(options.intervalMs, Math.max(0, options.timeoutMs - (Date.now() - started))));
  }
}
