// Runs Kubewarden operations against a policy module the way policy-server
// does: a fresh instance per evaluation by default, settings validated through
// validate_settings, answers mapped to AdmissionResponses.
import { GuestInstance, type GuestCallResult, type HostCallHandler } from "./guest.ts";
import type { PolicyModule } from "./policy-module.ts";
import { createHostCallHandler, type HostCapabilityOptions, type PolicyLogEntry } from "./capabilities/dispatcher.ts";
import type { AdmissionRequest } from "./admission-request.ts";
import {
  internalError, parseValidationResponse, toAdmissionResponse,
  type AdmissionResponse, type PolicyValidationResponse, type ResponseOptions,
} from "./admission-response.ts";

export interface SettingsVerdict {
  valid: boolean;
  message?: string;
}

export interface Evaluation {
  admission: AdmissionResponse;
  /** The policy's own answer, when it gave one. */
  policyResponse?: PolicyValidationResponse;
  /** Set when the policy failed instead of deciding. */
  error?: string;
  logs: PolicyLogEntry[];
}

export interface EvaluatorOptions {
  /** Keep one instance across calls (faster; Kubewarden itself uses a fresh one). */
  reuseInstance?: boolean;
  /** Capabilities used when a call does not bring its own. */
  capabilities?: HostCapabilityOptions;
}

const encoder = new TextEncoder();

export class PolicyEvaluator {
  private warm: GuestInstance | null = null;
  private handler: HostCallHandler;

  constructor(readonly policy: PolicyModule, private readonly options: EvaluatorOptions = {}) {
    this.handler = createHostCallHandler(this.defaultCapabilities());
  }

  private defaultCapabilities(): HostCapabilityOptions {
    return { contextAwareResources: this.policy.metadata?.contextAwareResources, ...this.options.capabilities };
  }

  private instance(): GuestInstance {
    const forward: HostCallHandler = (...args) => this.handler(...args);
    if (!this.options.reuseInstance) return new GuestInstance(this.policy, forward);
    if (!this.warm || this.warm.dead) this.warm = new GuestInstance(this.policy, forward);
    return this.warm;
  }

  /** Runs one waPC operation with the given capabilities. */
  call(operation: string, payload: Uint8Array, capabilities?: HostCapabilityOptions): GuestCallResult {
    this.handler = createHostCallHandler({ ...this.defaultCapabilities(), ...capabilities });
    try {
      return this.instance().call(operation, payload);
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
    const result = this.call("validate_settings", encoder.encode(JSON.stringify(settings ?? {})));
    if (!result.ok) return { valid: false, message: `the policy failed to validate its settings: ${result.error}` };
    try {
      const verdict = JSON.parse(new TextDecoder().decode(result.response));
      if (typeof verdict?.valid !== "boolean") throw new Error("no boolean `valid`");
      return verdict.message == null ? { valid: verdict.valid } : { valid: verdict.valid, message: String(verdict.message) };
    } catch (err) {
      return { valid: false, message: `the policy answered validate_settings with something unexpected: ${(err as Error).message}` };
    }
  }

  /** The bytes policy-server sends to `validate`. */
  static validationPayload(request: AdmissionRequest, settings: unknown): Uint8Array {
    return encoder.encode(`{"request":${JSON.stringify(request)},"settings":${JSON.stringify(settings ?? {})}}`);
  }

  validate(request: AdmissionRequest, settings: unknown = {}, capabilities?: HostCapabilityOptions, responseOptions?: ResponseOptions): Evaluation {
    const logs: PolicyLogEntry[] = [];
    const onLog = (entry: PolicyLogEntry) => {
      logs.push(entry);
      capabilities?.onLog?.(entry);
    };
    const result = this.call("validate", PolicyEvaluator.validationPayload(request, settings), { ...capabilities, onLog });
    if (!result.ok) return { admission: internalError(request.uid, `Guest call failure: ${result.error}`), error: result.error, logs };
    const parsed = parseValidationResponse(result.response);
    if (typeof parsed === "string") return { admission: internalError(request.uid, parsed), error: parsed, logs };
    return { admission: toAdmissionResponse(request, parsed, responseOptions), policyResponse: parsed, logs };
  }
}
