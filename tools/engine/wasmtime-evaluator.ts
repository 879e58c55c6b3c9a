// PolicyEvaluator's operations on the wasmtime engine: the same payloads, the
// same capability dispatcher and the same mapping of answers, so that any
// difference between the two hosts is the engine's.
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import type { GuestCallResult } from "../../src/host/guest.ts";
import { createHostCallHandler, type HostCapabilityOptions } from "../../src/host/capabilities/dispatcher.ts";
import type { AdmissionRequest } from "../../src/host/admission-request.ts";
import type { ResponseOptions } from "../../src/host/admission-response.ts";
import {
  collectingLogs, evaluationOf, settingsPayload, settingsVerdictOf, validationPayload,
  type Evaluation, type SettingsVerdict,
} from "../../src/host/guest-answers.ts";
import { readPolicyMetadata, type PolicyMetadata } from "../../src/wasm/policy-metadata.ts";
import type { EngineModule, WasmtimeEngine } from "./engine-process.ts";

function metadataOf(bytes: Uint8Array): PolicyMetadata | null {
  try {
    return readPolicyMetadata(bytes);
  } catch {
    return null; // un-annotated modules still run, as with `kwctl run`
  }
}

export class WasmtimeEvaluator {
  private constructor(
    readonly engine: WasmtimeEngine,
    readonly module: EngineModule,
    readonly metadata: PolicyMetadata | null,
  ) {}

  /** Precompiles the module in the engine; throws with the engine's words when it cannot. */
  static async load(engine: WasmtimeEngine, path: string): Promise<WasmtimeEvaluator> {
    const absolute = resolve(path);
    const metadata = metadataOf(await readFile(absolute));
    return new WasmtimeEvaluator(engine, await engine.load(absolute), metadata);
  }

  /** One waPC operation on a fresh instance, host calls answered from `capabilities`. */
  call(operation: string, payload: Uint8Array, capabilities?: HostCapabilityOptions): Promise<GuestCallResult> {
    const handler = createHostCallHandler({ contextAwareResources: this.metadata?.contextAwareResources, ...capabilities });
    return this.engine.call(this.module, operation, payload, handler);
  }

  async validateSettings(settings: unknown = {}): Promise<SettingsVerdict> {
    return settingsVerdictOf(await this.call("validate_settings", settingsPayload(settings)));
  }

  async validate(request: AdmissionRequest, settings: unknown = {}, capabilities?: HostCapabilityOptions, responseOptions?: ResponseOptions): Promise<Evaluation> {
    const { logs, capabilities: collecting } = collectingLogs(capabilities);
    const result = await this.call("validate", validationPayload(request, settings), collecting);
    return evaluationOf(request, result, logs, responseOptions);
  }
}
