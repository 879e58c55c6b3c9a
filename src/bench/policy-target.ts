// A policy module ready to be timed on one request: its waPC operations on a
// warm instance and on a fresh instance per evaluation (Kubewarden's model,
// as in policy-server), with the host's answers computed once and then replayed, so
// the figures are the policy's time rather than our host's selector filtering.
import { GuestInstance, type HostCallHandler } from "../host/guest.ts";
import { PolicyEvaluator } from "../host/evaluator.ts";
import type { PolicyModule } from "../host/policy-module.ts";
import type { AdmissionRequest } from "../host/admission-request.ts";
import { createHostCallHandler } from "../host/capabilities/dispatcher.ts";
import type { KubernetesObject } from "../kubewarden/kubernetes-object.ts";
import { ClusterState } from "../host/capabilities/cluster-state.ts";
import type { Operation } from "./measure.ts";

export type WapcOperation = "validate" | "validate_settings";

export interface BenchInput {
  request: AdmissionRequest;
  settings: unknown;
  /** Objects the kubernetes host capability answers from. */
  cluster?: KubernetesObject[];
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Answers each distinct host call once through `handler`, then from memory. */
function memoised(handler: HostCallHandler, answers: Map<string, Uint8Array>): HostCallHandler {
  return (binding, namespace, operation, payload) => {
    const key = `${binding}/${namespace}/${operation}/${decoder.decode(payload)}`;
    let answer = answers.get(key);
    if (!answer) answers.set(key, (answer = handler(binding, namespace, operation, payload)));
    return answer;
  };
}

export class PolicyTarget {
  readonly payloads: Record<WapcOperation, Uint8Array>;
  private readonly answers = new Map<string, Uint8Array>();
  private readonly handler: HostCallHandler;
  private readonly warmInstance: GuestInstance;

  constructor(readonly policy: PolicyModule, input: BenchInput) {
    this.payloads = {
      validate: PolicyEvaluator.validationPayload(input.request, input.settings),
      validate_settings: encoder.encode(JSON.stringify(input.settings ?? {})),
    };
    const kubernetes = input.cluster ? new ClusterState(input.cluster) : undefined;
    this.handler = memoised(createHostCallHandler({ kubernetes, contextAwareResources: policy.metadata?.contextAwareResources }), this.answers);
    this.warmInstance = new GuestInstance(policy, this.handler);
  }

  /**
   * Runs both operations once and returns the policy's answer to validate;
   * throws when either fails, since timing a failure would measure nothing useful.
   */
  check(): { accepted: boolean; message?: string } {
    const settings = this.run("validate_settings", this.warmInstance);
    const verdict = JSON.parse(settings) as { valid: boolean; message?: string };
    if (!verdict.valid) throw new Error(`the policy rejects the settings: ${verdict.message ?? "no reason given"}`);
    return JSON.parse(this.run("validate", this.warmInstance));
  }

  private run(operation: WapcOperation, instance: GuestInstance): string {
    const result = instance.call(operation, this.payloads[operation]);
    if (!result.ok) throw new Error(`${operation} failed: ${result.error}`);
    return decoder.decode(result.response);
  }

  /** The operation on one instance kept across calls. */
  warm(operation: WapcOperation): Operation {
    const payload = this.payloads[operation];
    return () => this.warmInstance.call(operation, payload);
  }

  /** A new instance, then the operation: what policy-server does for every evaluation. */
  fresh(operation: WapcOperation): Operation {
    const payload = this.payloads[operation];
    return () => new GuestInstance(this.policy, this.handler).call(operation, payload);
  }

  /** The bytes the host answered with, in the order first asked (after `check`). */
  get hostAnswers(): Uint8Array[] {
    return [...this.answers.values()];
  }
}
