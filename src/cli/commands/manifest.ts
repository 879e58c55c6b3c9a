// wardenkit manifest: prints the ClusterAdmissionPolicy or AdmissionPolicy for a built policy,
// with its settings vetted by the module and the result vetted by the CRD schema.
import { manifestText } from "../../manifests/manifest-text.ts";
import { manifestForModule } from "../../manifests/module-manifest.ts";
import { DEFAULT_MODE, DEFAULT_POLICY_SERVER, POLICY_KINDS, type PolicyKind } from "../../manifests/policy-manifest.ts";
import { InputError, readSettings } from "../../testing/inputs.ts";
import { CliError } from "../errors.ts";
import { isJsonOutput, parseFlags, usageError } from "../flags.ts";
import { resolveModulePath } from "../module-arg.ts";

export const summary = "print the ClusterAdmissionPolicy or AdmissionPolicy YAML for a built policy";
export const usage = [
  "wardenkit manifest <policy|file.wasm> --module <registry://…> [--kind ClusterAdmissionPolicy|AdmissionPolicy]",
  "[--name <name>] [--namespace <ns>] [--mode protect|monitor] [--settings <json|yaml|file>] [--policy-server default]",
  "[--mutating false] [--namespace-selector-include <ns,…>] [--namespace-selector-exclude <ns,…>] [--message <text>] [--timeout-seconds <2-30>]",
  "[--failure-policy Fail|Ignore] [-o json]",
].join(" ");

/** The short names kubectl knows these kinds by. */
const KIND_ALIASES: Record<string, PolicyKind> = { cap: "ClusterAdmissionPolicy", ap: "AdmissionPolicy" };

function parseKind(value: string | undefined): PolicyKind {
  if (value === undefined) return "ClusterAdmissionPolicy";
  const kind = POLICY_KINDS.find((k) => k.toLowerCase() === value.toLowerCase()) ?? KIND_ALIASES[value.toLowerCase()];
  if (!kind) throw usageError(`--kind must be ${POLICY_KINDS.join(" or ")}, not '${value}'`, usage);
  return kind;
}

function parseBoolean(flag: string, value: string | undefined): boolean | undefined {
  if (value === undefined) return undefined;
  if (value === "true" || value === "false") return value === "true";
  throw usageError(`${flag} must be true or false, not '${value}'`, usage);
}

function parseSeconds(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const seconds = Number(value);
  if (value.trim() === "" || !Number.isFinite(seconds)) throw usageError(`--timeout-seconds must be a number of seconds, not '${value}'`, usage);
  return seconds; // the CRD schema checks the range
}

function parseList(value: string | undefined): string[] | undefined {
  return value?.split(",").map((item) => item.trim()).filter(Boolean);
}

function settingsFrom(value: string | undefined): unknown {
  try {
    return readSettings(value);
  } catch (err) {
    if (err instanceof InputError) throw new CliError(err.message);
    throw err;
  }
}

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseFlags(args, {
    module: { type: "string" },
    kind: { type: "string" },
    name: { type: "string" },
    namespace: { type: "string", short: "n" },
    mode: { type: "string" },
    settings: { type: "string" },
    "policy-server": { type: "string" },
    mutating: { type: "string" },
    "namespace-selector-include": { type: "string" },
    "namespace-selector-exclude": { type: "string" },
    message: { type: "string" },
    "timeout-seconds": { type: "string" },
    "failure-policy": { type: "string" },
    output: { type: "string", short: "o" },
  }, usage);
  const json = isJsonOutput(values.output, usage);
  if (positionals.length !== 1) throw usageError("name one policy or .wasm file", usage);
  if (!values.module) throw usageError("missing --module: where the policy-server fetches the module, e.g. registry://host/prefix/policy@sha256:…", usage);
  const manifest = await manifestForModule(resolveModulePath(positionals[0]), {
    kind: parseKind(values.kind),
    name: values.name,
    namespace: values.namespace,
    module: values.module,
    settings: settingsFrom(values.settings),
    mode: values.mode ?? DEFAULT_MODE,
    policyServer: values["policy-server"] ?? DEFAULT_POLICY_SERVER,
    mutating: parseBoolean("--mutating", values.mutating),
    includeNamespaces: parseList(values["namespace-selector-include"]),
    excludeNamespaces: parseList(values["namespace-selector-exclude"]),
    message: values.message,
    timeoutSeconds: parseSeconds(values["timeout-seconds"]),
    failurePolicy: values["failure-policy"],
  });
  process.stdout.write(manifestText(manifest, json ? "json" : "yaml"));
  return 0;
}
