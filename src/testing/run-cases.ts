// Runs declarative cases against a built module and compares each answer with
// what the case expects, producing readable differences.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { PolicyEvaluator, type Evaluation } from "../host/evaluator.ts";
import { ClusterState } from "../host/capabilities/cluster-state.ts";
import { ReplaySession } from "../host/capabilities/replay.ts";
import type { HostCapabilityOptions } from "../host/capabilities/dispatcher.ts";
import { loadCaseFile, type CaseFile, type PolicyCase } from "./case-file.ts";
import { InputError, readDocument } from "../inputs/documents.ts";
import { isSuiteDocument } from "../policyset/suite-file.ts";
import { suiteFileResults } from "../policyset/run-suite.ts";
import { compileOnce, type SuiteModuleOptions } from "../modules/module-resolver.ts";
import { ensureCurrentModule } from "../modules/current-module.ts";
import { atLine, isMalformed, malformedResult, type CaseResult } from "../policyset/case-result.ts";
import { declaredResponseOptions } from "../host/admission-response.ts";
import { sendingFailures } from "./sent-by-rules.ts";
import { entryLines } from "../inputs/source-lines.ts";

/** What validate answers to invalid settings (the SDK's `invalid settings: …`), the one code a case may expect of them. */
const INVALID_SETTINGS_CODE = 400;

function matches(pattern: string, text: string | undefined): boolean {
  return text !== undefined && new RegExp(pattern).test(text);
}

function compareValidation(c: PolicyCase, evaluation: Evaluation): string[] {
  const { admission } = evaluation;
  const failures: string[] = [];
  const e = c.expect;
  if (e.allowed !== undefined && admission.allowed !== e.allowed) {
    failures.push(`expected allowed=${e.allowed}, got allowed=${admission.allowed}${admission.status?.message ? ` (message: ${admission.status.message})` : ""}`);
  }
  if (e.message !== undefined && !matches(e.message, admission.status?.message)) {
    failures.push(`message ${JSON.stringify(admission.status?.message ?? null)} does not match /${e.message}/`);
  }
  if (e.code !== undefined && admission.status?.code !== e.code) failures.push(`expected code ${e.code}, got ${admission.status?.code ?? "none"}`);
  const patch = admission.patch ? JSON.parse(Buffer.from(admission.patch, "base64").toString()) : undefined;
  if (e.patch === "none" && patch) failures.push(`expected no patch, got ${JSON.stringify(patch)}`);
  if (Array.isArray(e.patch) && JSON.stringify(patch) !== JSON.stringify(e.patch)) {
    failures.push(`expected patch ${JSON.stringify(e.patch)}, got ${patch ? JSON.stringify(patch) : "none"}`);
  }
  if (e.warnings !== undefined) {
    const got = admission.warnings ?? [];
    if (got.length !== e.warnings.length || !e.warnings.every((w, i) => matches(w, got[i]))) {
      failures.push(`expected warnings ${JSON.stringify(e.warnings)}, got ${JSON.stringify(got)}`);
    }
  }
  return failures;
}

/** The case's cluster and replay session, new for every evaluation (a session is consumed as it answers). */
export function caseCapabilities(c: PolicyCase): HostCapabilityOptions {
  return {
    kubernetes: c.cluster ? new ClusterState(c.cluster) : undefined,
    replay: c.replay ? ReplaySession.fromFile(c.replay) : undefined,
    hostCapabilities: c.hostCapabilities,
  };
}

/**
 * One case, judged as the cluster would judge it with a manifest that says what the module's
 * metadata says: a request its rules do not send fails the case (unless it expects `sent:
 * false`), a patch is refused unless the metadata declares `mutating: true`, and the policy
 * reads only its contextAwareResources. `policy` names it in messages.
 */
export function runCase(evaluator: PolicyEvaluator, c: PolicyCase, policy = evaluator.policy.name): { failures: string[]; evaluation?: Evaluation } {
  const settingsVerdict = evaluator.validateSettings(c.settings);
  if (c.expect.valid !== undefined) {
    const failures: string[] = [];
    if (settingsVerdict.valid !== c.expect.valid) failures.push(`expected settings valid=${c.expect.valid}, got valid=${settingsVerdict.valid}${settingsVerdict.message ? ` (${settingsVerdict.message})` : ""}`);
    if (c.expect.message !== undefined && !matches(c.expect.message, settingsVerdict.message)) {
      failures.push(`settings message ${JSON.stringify(settingsVerdict.message ?? null)} does not match /${c.expect.message}/`);
    }
    return { failures };
  }
  const { metadata } = evaluator.policy;
  const notSent = sendingFailures(metadata, policy, c.request!, c.expect.sent);
  if (notSent.length > 0) return { failures: notSent };
  // policy-server never starts with them; validate's own answer to them is tested by expecting its code.
  if (!settingsVerdict.valid && c.expect.code !== INVALID_SETTINGS_CODE) {
    return { failures: [`settings are invalid: ${settingsVerdict.message} (a case of validate's answer to invalid settings expects code: ${INVALID_SETTINGS_CODE})`] };
  }
  const evaluation = evaluator.validate(c.request!, c.settings, caseCapabilities(c), declaredResponseOptions(metadata, policy));
  return { failures: compareValidation(c, evaluation), evaluation };
}

function modulePath(file: CaseFile, distDir: string): string {
  return file.module ?? join(distDir, `${file.policy}.wasm`);
}

/**
 * The results of a case file or a suite, one by one as each case is run. `compiledModules`,
 * shared by the files of one run, compiles each distinct module once; `log` takes the notes of
 * the run, such as a stale module being rebuilt (stderr by default); `verification` is what
 * a suite's registry modules must satisfy.
 */
export async function* caseResults(path: string, distDir: string, options: SuiteModuleOptions = {}): AsyncGenerator<CaseResult> {
  const { compiledModules = new Map(), log } = options;
  const doc = readDocument(path);
  // A policy suite (policies × resources) rather than the cases of one policy.
  if (isSuiteDocument(doc)) return yield* suiteFileResults(path, distDir, doc, { ...options, compiledModules });
  const file = loadCaseFile(path, doc);
  const wasm = modulePath(file, distDir);
  await ensureCurrentModule(wasm, { log });
  if (!existsSync(wasm)) throw new InputError(`${path}: module ${wasm} not found: build it with wardenkit build, or name the folder it was built in with --dist`);
  const evaluator = new PolicyEvaluator(await compileOnce(readFileSync(wasm), basename(wasm, ".wasm"), compiledModules));
  const lineOf = entryLines(path, "cases");
  for (const [i, entry] of file.entries.entries()) {
    if (isMalformed(entry)) {
      yield atLine(malformedResult(path, file.policy, entry), () => lineOf(i));
      continue;
    }
    const { failures, evaluation } = runCase(evaluator, entry, file.policy);
    yield atLine({ file: path, policy: file.policy, name: entry.name, passed: failures.length === 0, failures, evaluation }, () => lineOf(i));
  }
}

/** Every result of a case file or a suite, together. */
export async function runCaseFile(path: string, distDir: string, options: SuiteModuleOptions = {}): Promise<CaseResult[]> {
  const results: CaseResult[] = [];
  for await (const result of caseResults(path, distDir, options)) results.push(result);
  return results;
}

/** Every cases.yaml, suite.yaml (or *.cases.yaml, *.suite.yaml) below the given files and folders. */
export function findCaseFiles(targets: string[]): string[] {
  const out: string[] = [];
  const visit = (path: string) => {
    if (statSync(path).isDirectory()) {
      for (const entry of readdirSync(path).sort()) visit(join(path, entry));
    } else if (/(^|[./])(cases|suite)\.ya?ml$/.test(path)) out.push(path);
  };
  for (const t of targets) {
    if (!existsSync(t)) throw new InputError(`${t} does not exist`);
    if (statSync(t).isFile()) out.push(resolve(t)); // named explicitly: whatever its name
    else visit(resolve(t));
  }
  return out;
}
