// What a guest's answer to validate_settings or validate means, whichever host
// ran it (this V8 host, or wasmtime in tools/engine): payloads built as
// policy-server builds them, answers mapped as it maps them.
import type { GuestCallResult } from "./guest.ts";
import type { HostCapabilityOptions, PolicyLogEntry } from "./capabilities/dispatcher.ts";
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

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** The bytes policy-server sends to `validate_settings`. */
export function settingsPayload(settings: unknown): Uint8Array {
  return encoder.encode(JSON.stringify(settings ?? {}));
}

/** A request with its JSON bytes made once, however many policies it is sent to. */
export class SerialisedRequest {
  private bytes?: Uint8Array;
  constructor(readonly request: AdmissionRequest) {}

  get json(): Uint8Array {
    this.bytes ??= encoder.encode(JSON.stringify(this.request));
    return this.bytes;
  }
}

export function serialised(request: AdmissionRequest | SerialisedRequest): SerialisedRequest {
  return request instanceof SerialisedRequest ? request : new SerialisedRequest(request);
}

const PAYLOAD_OPEN = encoder.encode(`{"request":`);
const PAYLOAD_SETTINGS = encoder.encode(`,"settings":`);
const PAYLOAD_CLOSE = encoder.encode("}");

/** The bytes policy-server sends to `validate`: `{"request":…,"settings":…}`. */
export function validationPayload(request: AdmissionRequest | SerialisedRequest, settings: unknown): Uint8Array {
  const parts = [PAYLOAD_OPEN, serialised(request).json, PAYLOAD_SETTINGS, settingsPayload(settings), PAYLOAD_CLOSE];
  const payload = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    payload.set(part, at);
    at += part.length;
  }
  return payload;
}

export function settingsVerdictOf(result: GuestCallResult): SettingsVerdict {
  if (!result.ok) return { valid: false, message: `the policy failed to validate its settings: ${result.error}` };
  try {
    const verdict = JSON.parse(decoder.decode(result.response));
    if (typeof verdict?.valid !== "boolean") throw new Error("no boolean `valid`");
    return verdict.message == null ? { valid: verdict.valid } : { valid: verdict.valid, message: String(verdict.message) };
  } catch (err) {
    return { valid: false, message: `the policy answered validate_settings with something unexpected: ${(err as Error).message}` };
  }
}

/** Capabilities that also collect the policy's log entries of one evaluation. */
export function collectingLogs(capabilities?: HostCapabilityOptions): { logs: PolicyLogEntry[]; capabilities: HostCapabilityOptions } {
  const logs: PolicyLogEntry[] = [];
  const onLog = (entry: PolicyLogEntry) => {
    logs.push(entry);
    capabilities?.onLog?.(entry);
  };
  return { logs, capabilities: { ...capabilities, onLog } };
}

export function evaluationOf(request: AdmissionRequest, result: GuestCallResult, logs: PolicyLogEntry[], responseOptions?: ResponseOptions): Evaluation {
  if (!result.ok) return { admission: internalError(request.uid, `Guest call failure: ${result.error}`), error: result.error, logs };
  const parsed = parseValidationResponse(result.response);
  if (typeof parsed === "string") return { admission: internalError(request.uid, parsed), error: parsed, logs };
  return { admission: toAdmissionResponse(request, parsed, responseOptions), policyResponse: parsed, logs };
}
