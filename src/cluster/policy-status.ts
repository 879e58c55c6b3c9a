// Reading a policy's status (KC api/policies/v1/policy.go): policyStatus and conditions.
import type { ObservedObject } from "./client.ts";

/** The policyStatus value that means the policy server enforces the policy. */
export const ACTIVE = "active";
/** Shown for a policy the cluster does not have (yet, or any more). */
export const ABSENT = "absent";
/** Shown for a policy whose controller has not written a status yet. */
export const NO_STATUS = "no status yet";

export interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}

export function policyStatusOf(observed: ObservedObject | null): string {
  if (!observed) return ABSENT;
  const value = observed.status?.policyStatus;
  return typeof value === "string" && value ? value : NO_STATUS;
}

export function conditionsOf(observed: ObservedObject | null): Condition[] {
  const conditions = observed?.status?.conditions;
  return Array.isArray(conditions) ? (conditions as Condition[]) : [];
}

/** `PolicyActive=False (PolicyServerNotReady): the policy server is not ready` */
export function formatCondition(c: Condition): string {
  return `${c.type}=${c.status}${c.reason ? ` (${c.reason})` : ""}${c.message ? `: ${c.message}` : ""}`;
}

/** The PolicyServer a policy runs on; policies without one land on `default`. */
export function policyServerOf(observed: ObservedObject | null, fallback?: Record<string, unknown>): string {
  const name = observed?.spec?.policyServer ?? fallback?.policyServer;
  return typeof name === "string" && name ? name : "default";
}
