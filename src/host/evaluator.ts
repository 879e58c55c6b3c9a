// Runs Kubewarden operations against a policy module the way policy-server
// does: a fresh instance per evaluation by default, settings validated through
// validate_settings, answers mapped to AdmissionResponses.
import { GuestInstance, type GuestCallResult, type HostCallHandler } from "./guest.ts";
import type { PolicyModule } from "./policy-module.ts";
import type { HostCapabilityOptions } from "./capabilities/capability-entry.ts";
import { dispatchHostCall } from "./capabilities/registry.ts";
import type { AdmissionRequest } from "./admission-request.ts";
import type { ResponseOptions } from "./admission-response.ts";
import {
  collectingLogs, evaluationOf, serialised, settingsPayload, settingsVerdictOf, validationPayload,
  type Evaluation, type SerialisedRequest, type SettingsVerdict,
} from "./guest-answers.ts";

export { SerialisedRequest, type Evaluation, type SettingsVerdict } from "./guest-answers.ts";

export interface EvaluatorOptions {
  /** Keep one instance across calls (faster; Kubewarden itself uses a fresh one). */
  reuseInstance?: boolean;
  /** Capabilities used when a call does not bring its own. */
  capabilities?: HostCapabilityOptions;
}

export class PolicyEvaluator {
  private warm: GuestInstance | null = null;
  /** The running call's capabilities; the one handler below reads them. */
  private capabilities: HostCapabilityOptions;
  private readonly handler: HostCallHandler = (binding, namespace, operation, payload) =>
    dispatchHostCall(this.capabilities, binding, namespace, operation, payload);
  /** Why the last call failed, when the memory cap was the reason; null otherwise. */
  lastMemoryRefusal: string | null = null;

  constructor(readonly policy: PolicyModule, private readonly options: EvaluatorOptions = {}) {
    this.capabilities = this.defaultCapabilities();
  }

  private defaultCapabilities(): HostCapabilityOptions {
    return { contextAwareResources: this.policy.metadata?.contextAwareResources, ...this.options.capabilities };
  }

  private instance(): GuestInstance {
    if (!this.options.reuseInstance) return new GuestInstance(this.policy, this.handler);
    if (!this.warm || this.warm.dead) this.warm = new GuestInstance(this.policy, this.handler);
    return this.warm;
  }

  /** Runs one waPC operation with the given capabilities. */
  call(operation: string, payload: Uint8Array, capabilities?: HostCapabilityOptions): GuestCallResult {
    this.capabilities = { ...this.defaultCapabilities(), ...capabilities };
    this.lastMemoryRefusal = null;
    try {
      const result = this.instance().call(operation, payload);
      if (result.memoryRefused) this.lastMemoryRefusal = result.error;
      return result;
    } catch (err) {
      // Instantiation failures (bad imports, a trapping start function) are answers too.
      return { ok: false, response: new Uint8Array(0), error: (err as Error).message, trapped: true };
    }
  }

  /** The memory of the warm instance, for leak checks. */
  get warmMemorySize(): number {
    return this.warm?.memorySize ?? 0;
  }

  protocolVersion(): string {
    const result = this.call("protocol_version", new Uint8Array(0));
    if (!result.ok) throw new Error(`protocol_version failed: ${result.error}`);
    return JSON.parse(new TextDecoder().decode(result.response));
  }

  validateSettings(settings: unknown = {}): SettingsVerdict {
    return settingsVerdictOf(this.call("validate_settings", settingsPayload(settings)));
  }

  /** The bytes policy-server sends to `validate`. */
  static validationPayload(request: AdmissionRequest, settings: unknown): Uint8Array {
    return validationPayload(request, settings);
  }

  /** `request` may come serialised already, when several policies receive it. */
  validate(request: AdmissionRequest | SerialisedRequest, settings: unknown = {}, capabilities?: HostCapabilityOptions, responseOptions?: ResponseOptions): Evaluation {
    const sent = serialised(request);
    const { logs, capabilities: collecting } = collectingLogs(capabilities);
    const result = this.call("validate", validationPayload(sent, settings), collecting);
    return evaluationOf(sent.request, result, logs, responseOptions);
  }
}
