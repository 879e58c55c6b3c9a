// Runs a case file's cases on both hosts, the V8 host of src/host and the
// wasmtime engine, and reports every case on which their answers differ.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { PolicyModule } from "../../src/host/policy-module.ts";
import { PolicyEvaluator } from "../../src/host/evaluator.ts";
import type { AdmissionResponse } from "../../src/host/admission-response.ts";
import type { SettingsVerdict } from "../../src/host/guest-answers.ts";
import { loadCaseFile, type PolicyCase } from "../../src/testing/case-file.ts";
import { caseCapabilities } from "../../src/testing/run-cases.ts";
import { InputError } from "../../src/inputs/documents.ts";
import type { WasmtimeEngine } from "./engine-process.ts";
import { WasmtimeEvaluator } from "./wasmtime-evaluator.ts";

/** What a host answered to one case: the settings verdict, then (for a validation case) the admission. */
export interface HostAnswer {
  settings: SettingsVerdict;
  admission?: AdmissionResponse;
}

export interface CaseComparison {
  file: string;
  name: string;
  v8: HostAnswer;
  wasmtime: HostAnswer;
  /** Empty when the hosts agree. */
  differences: string[];
}

const isSettingsCase = (c: PolicyCase) => c.expect.valid !== undefined;

export function answerOnV8(evaluator: PolicyEvaluator, c: PolicyCase): HostAnswer {
  const settings = evaluator.validateSettings(c.settings);
  if (isSettingsCase(c) || !settings.valid) return { settings };
  return { settings, admission: evaluator.validate(c.request!, c.settings, caseCapabilities(c)).admission };
}

export async function answerOnWasmtime(evaluator: WasmtimeEvaluator, c: PolicyCase): Promise<HostAnswer> {
  const settings = await evaluator.validateSettings(c.settings);
  if (isSettingsCase(c) || !settings.valid) return { settings };
  return { settings, admission: (await evaluator.validate(c.request!, c.settings, caseCapabilities(c))).admission };
}

/** The parts of an answer a cluster sees: verdict, code, message, patch (decoded), warnings, annotations. */
function visible(answer: HostAnswer): Record<string, unknown> {
  const a = answer.admission;
  return {
    settingsValid: answer.settings.valid,
    settingsMessage: answer.settings.message ?? null,
    ...(a && {
      allowed: a.allowed,
      code: a.status?.code ?? null,
      message: a.status?.message ?? null,
      patch: a.patch ? JSON.parse(Buffer.from(a.patch, "base64").toString()) : null,
      warnings: a.warnings ?? null,
      auditAnnotations: a.auditAnnotations ?? null,
    }),
  };
}

export function differences(v8: HostAnswer, wasmtime: HostAnswer): string[] {
  const a = visible(v8), b = visible(wasmtime);
  return [...new Set([...Object.keys(a), ...Object.keys(b)])]
    .filter((key) => JSON.stringify(a[key]) !== JSON.stringify(b[key]))
    .map((key) => `${key}: V8 host ${JSON.stringify(a[key] ?? "absent")}, wasmtime ${JSON.stringify(b[key] ?? "absent")}`);
}

/** Every case of one case file on both hosts, in order. */
export async function compareCaseFile(path: string, engine: WasmtimeEngine, distDir: string): Promise<CaseComparison[]> {
  const file = loadCaseFile(path);
  const wasm = file.module ?? join(distDir, `${file.policy}.wasm`);
  if (!existsSync(wasm)) throw new InputError(`${path}: module ${wasm} not found; run npm run build first`);
  const v8 = new PolicyEvaluator(await PolicyModule.fromFile(wasm));
  const wasmtime = await WasmtimeEvaluator.load(engine, wasm);
  const out: CaseComparison[] = [];
  for (const c of file.cases) {
    const onV8 = answerOnV8(v8, c);
    const onWasmtime = await answerOnWasmtime(wasmtime, c);
    out.push({ file: path, name: c.name, v8: onV8, wasmtime: onWasmtime, differences: differences(onV8, onWasmtime) });
  }
  return out;
}
