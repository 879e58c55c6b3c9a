// Before `wardenkit apply` changes anything: each policy's settings checked by its own
// module's validate_settings, as the policy server will check them. The module is taken
// from where the manifest says (src/modules/location.ts reads it, relative paths from the
// manifest's folder; src/modules/fetch-module.ts fetches it); a registry module that cannot be
// pulled is looked for in dist/ under its repository's last name. When no module can be
// reached the settings are not checked, and the user is told so. Every line of the report is
// redacted: it names the module's URL and may carry a registry's own words.
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { PolicyModule } from "../host/policy-module.ts";
import { PolicyEvaluator } from "../host/evaluator.ts";
import type { PullOptions } from "../oci/pull.ts";
import { redact } from "../io/redact.ts";
import { fetchModule } from "../modules/fetch-module.ts";
import { parseModuleLocation, type ModuleLocation } from "../modules/location.ts";
import type { ModuleVerification } from "../modules/module-verification.ts";
import { describePolicy, type PolicyDocument } from "../manifests/policy-documents.ts";

const PULL_TIMEOUT_MS = 10_000;

export interface SettingsReport {
  /** Policies whose module refuses their settings, one sentence each. */
  invalid: string[];
  /** Settings checked elsewhere than the manifest's module, or not checked, and why. */
  notes: string[];
}

export interface SettingsCheckOptions {
  distDir: string;
  registry?: PullOptions;
  /** Registry modules must satisfy it; one that does not, or cannot be verified, is refused and has no local stand-in. */
  verification?: ModuleVerification;
}

/** `registry://host/policies/required-labels:v1` → `required-labels`. */
function repositoryName(uri: string): string {
  const path = uri.replace(/^registry:\/\//, "").split("@")[0];
  return path.slice(path.lastIndexOf("/") + 1).split(":")[0];
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms / 1000}s`)), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** The module's bytes and what to call it in messages, or why it cannot be had. */
async function reachModule(uri: string, source: string, options: SettingsCheckOptions): Promise<{ bytes: Uint8Array; from: string } | { error: string; refused?: true }> {
  let location: ModuleLocation | undefined;
  try {
    location = parseModuleLocation(uri, { baseDir: dirname(source) });
    const fetched = fetchModule(location, { registry: options.registry, verification: options.verification });
    return { bytes: await withTimeout(fetched, PULL_TIMEOUT_MS, uri), from: uri };
  } catch (err) {
    const reason = (err as Error).message;
    if (options.verification && location?.kind !== "file") return { error: reason, refused: true };
    const local = join(options.distDir, `${repositoryName(uri)}.wasm`);
    if (location?.kind === "registry" && existsSync(local)) {
      return { bytes: await fetchModule({ kind: "file", path: local }), from: `${local} (the registry could not be reached: ${reason})` };
    }
    return { error: reason };
  }
}

export async function checkPolicySettings(documents: PolicyDocument[], options: SettingsCheckOptions): Promise<SettingsReport> {
  const report: SettingsReport = { invalid: [], notes: [] };
  for (const { object, source } of documents) {
    const what = describePolicy(object);
    const uri = object.spec?.module;
    if (typeof uri !== "string" || !uri) continue; // policy groups name their modules per member
    const reached = await reachModule(uri, source, options);
    if ("error" in reached && reached.refused) {
      report.invalid.push(`${what}: module refused: ${reached.error}`);
      continue;
    }
    if ("error" in reached) {
      report.notes.push(`${what}: settings not checked, its module cannot be reached: ${reached.error}`);
      continue;
    }
    let verdict;
    try {
      verdict = new PolicyEvaluator(await PolicyModule.fromBytes(reached.bytes, repositoryName(uri))).validateSettings(object.spec?.settings ?? {});
    } catch (err) {
      report.notes.push(`${what}: settings not checked, its module cannot be loaded: ${(err as Error).message}`);
      continue;
    }
    if (!verdict.valid) report.invalid.push(`${what}: settings rejected by ${reached.from}: ${verdict.message ?? "no reason given"}`);
    else if (reached.from !== uri) report.notes.push(`${what}: settings accepted by ${reached.from}`);
  }
  return { invalid: report.invalid.map(redact), notes: report.notes.map(redact) };
}
