// wardenkit manifest: prints the ClusterAdmissionPolicy or AdmissionPolicy for a built policy,
// with its settings vetted by the module and the result vetted by the CRD schema.
import { manifestText } from "../../manifests/manifest-text.ts";
import { manifestForModule } from "../../manifests/module-manifest.ts";
import { DEFAULT_MODE, DEFAULT_POLICY_SERVER, POLICY_GROUP_KINDS, POLICY_KINDS, type PolicyGroupKind, type PolicyKind, type PolicyManifest } from "../../manifests/policy-manifest.ts";
import { groupManifest, type GroupMemberOptions } from "../../manifests/group-manifest.ts";
import type { PolicyRule } from "../../wasm/policy-metadata.ts";
import { InputError, readSettings } from "../../testing/inputs.ts";
import { CliError } from "../errors.ts";
import { isJsonOutput, parseFlags, usageError } from "../flags.ts";
import { resolveModulePath } from "../module-arg.ts";

export const summary = "print the ClusterAdmissionPolicy, AdmissionPolicy or policy group YAML for built policies";
export const usage = [
  "wardenkit manifest <policy|file.wasm> --module <registry://…> [--kind ClusterAdmissionPolicy|AdmissionPolicy]",
  "[--name <name>] [--namespace <ns>] [--mode protect|monitor] [--settings <json|yaml|file>] [--policy-server default]",
  "[--mutating false] [--namespace-selector-include <ns,…>] [--namespace-selector-exclude <ns,…>] [--message <text>] [--timeout-seconds <2-30>]",
  "[--failure-policy Fail|Ignore] [-o json];",
  "a group: wardenkit manifest --group <name> --expression '<a() && b()>' --message <text> --member <a>=<policy|file.wasm>…",
  "--member-module <a>=<registry://…>… [--member-settings <a>=<json|yaml|file>]… [--rules <json|yaml|file>] [--kind ClusterAdmissionPolicyGroup|AdmissionPolicyGroup]",
].join(" ");

/** The short names kubectl knows these kinds by. */
const KIND_ALIASES: Record<string, PolicyKind> = { cap: "ClusterAdmissionPolicy", ap: "AdmissionPolicy" };
const GROUP_KIND_ALIASES: Record<string, PolicyGroupKind> = { capg: "ClusterAdmissionPolicyGroup", apg: "AdmissionPolicyGroup" };

function parseGroupKind(value: string | undefined): PolicyGroupKind {
  if (value === undefined) return "ClusterAdmissionPolicyGroup";
  const kind = POLICY_GROUP_KINDS.find((k) => k.toLowerCase() === value.toLowerCase()) ?? GROUP_KIND_ALIASES[value.toLowerCase()];
  if (!kind) throw usageError(`--kind of a group must be ${POLICY_GROUP_KINDS.join(" or ")}, not '${value}'`, usage);
  return kind;
}

/** `name=value` pairs of a repeated flag, by name. */
function pairs(flag: string, values: string[] | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const value of values ?? []) {
    const at = value.indexOf("=");
    if (at <= 0) throw usageError(`${flag} takes <member>=<value>, not '${value}'`, usage);
    out.set(value.slice(0, at), value.slice(at + 1));
  }
  return out;
}

function groupRules(value: string): PolicyRule[] {
  const rules = settingsFrom(value);
  if (!Array.isArray(rules)) throw usageError("--rules takes a list of rules (apiGroups, apiVersions, resources, operations)", usage);
  return rules as PolicyRule[];
}

function groupMembers(values: { member?: string[]; "member-module"?: string[]; "member-settings"?: string[] }): GroupMemberOptions[] {
  const policies = pairs("--member", values.member), modules = pairs("--member-module", values["member-module"]);
  const settings = pairs("--member-settings", values["member-settings"]);
  if (policies.size === 0) throw usageError("a group needs --member <name>=<policy or file.wasm>", usage);
  for (const name of [...modules.keys(), ...settings.keys()]) {
    if (!policies.has(name)) throw usageError(`'${name}' is not a --member of the group`, usage);
  }
  return [...policies].map(([name, policy]) => {
    const module = modules.get(name);
    if (!module) throw usageError(`missing --member-module ${name}=<registry://…>: where the policy-server fetches member ${name}`, usage);
    return { name, wasmPath: resolveModulePath(policy), module, settings: settingsFrom(settings.get(name)) };
  });
}

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
    group: { type: "string" },
    expression: { type: "string" },
    member: { type: "string", multiple: true },
    "member-module": { type: "string", multiple: true },
    "member-settings": { type: "string", multiple: true },
    rules: { type: "string" },
  }, usage);
  const json = isJsonOutput(values.output, usage);
  const common = {
    namespace: values.namespace,
    mode: values.mode ?? DEFAULT_MODE,
    policyServer: values["policy-server"] ?? DEFAULT_POLICY_SERVER,
    includeNamespaces: parseList(values["namespace-selector-include"]),
    excludeNamespaces: parseList(values["namespace-selector-exclude"]),
    timeoutSeconds: parseSeconds(values["timeout-seconds"]),
    failurePolicy: values["failure-policy"],
  };
  if (values.group !== undefined) {
    if (positionals.length > 0 || values.module || values.settings) throw usageError("a group takes its policies as --member, --member-module and --member-settings", usage);
    if (!values.expression || !values.message) throw usageError("a group needs --expression and --message", usage);
    const manifest: PolicyManifest = await groupManifest(groupMembers(values), {
      ...common, kind: parseGroupKind(values.kind), name: values.group, expression: values.expression, message: values.message,
      rules: values.rules === undefined ? undefined : groupRules(values.rules),
    });
    process.stdout.write(manifestText(manifest, json ? "json" : "yaml"));
    return 0;
  }
  if (positionals.length !== 1) throw usageError("name one policy or .wasm file", usage);
  if (!values.module) throw usageError("missing --module: where the policy-server fetches the module, e.g. registry://host/prefix/policy@sha256:…", usage);
  const manifest = await manifestForModule(resolveModulePath(positionals[0]), {
    ...common,
    kind: parseKind(values.kind),
    name: values.name,
    module: values.module,
    settings: settingsFrom(values.settings),
    mutating: parseBoolean("--mutating", values.mutating),
    message: values.message,
  });
  process.stdout.write(manifestText(manifest, json ? "json" : "yaml"));
  return 0;
}
