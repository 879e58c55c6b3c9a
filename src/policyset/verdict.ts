// What a policy set says about one request: per policy, pass, fail, skip or warn.
import type { AdmissionRequest } from "../host/admission-request.ts";
import type { HostCapabilityOptions } from "../host/capabilities/dispatcher.ts";
import type { LoadedPolicy } from "./policy-set.ts";
import type { Namespaces } from "./namespaces.ts";

export const RESULTS = ["pass", "fail", "skip", "warn"] as const;
export type Result = (typeof RESULTS)[number];

export interface Verdict {
  policy: LoadedPolicy;
  result: Result;
  /** fail and warn: the denial's message; skip: why the policy was not called. */
  message?: string;
  /** fail and warn: the HTTP code of the denial (policy-server's status.code), when the policy gave one. */
  code?: number;
  /** A group's denied members, as policy-server lists them in status.details.causes. */
  causes?: { field?: string; message?: string }[];
  warnings?: string[];
}

export interface EvaluationContext {
  namespaces: Namespaces;
  /** Host capabilities of this evaluation (cluster objects, replay session). */
  capabilities: () => HostCapabilityOptions;
  /** The namespace of the admission controller, which cluster-wide policies never see. */
  controllerNamespace: string;
}

export interface ObjectUnderReview {
  request: AdmissionRequest;
  source: string;
}
