// wardenkit manifest: prints the ClusterAdmissionPolicy or AdmissionPolicy for a built policy,
// with its settings vetted by the module and the result vetted by the CRD schema.
import { manifestForModule } from "../../manifests/module-manifest.ts";
import { POLICY_GROUP_KINDS, POLICY_KINDS, type PolicyGroupKind, type PolicyKind } from "../../kubewarden/policy-kinds.ts";
import type { PolicyManifest } from "../../manifests/policy-manifest.ts";
import { groupManifest, type GroupMemberOptions } from "../../manifests/group-manifest.ts";
import type { PolicyRule } from "../../wasm/policy-metadata.ts";
import { InputError, readSettings } from "../../inputs/documents.ts";
import type { CommandInput, ResultOf } from "../command.ts";
import type { ManifestFlags } from "../commands/manifest.ts";
import { CliError, UsageError } from "../errors.ts";
import { resolveModulePath } from "./module-arg.ts";

/** The short names kubectl knows these kinds by. */
const KIND_ALIASES: Record<string, PolicyKind> = { cap: "ClusterAdmissionPolicy", ap: "AdmissionPolicy" };
const GROUP_KIND_ALIASES: Record<string, PolicyGroupKind> = { capg: "ClusterAdmissionPolicyGroup", apg: "AdmissionPolicyGroup" };

function parseGroupKind(value: string | undefined): PolicyGroupKind {
  if (value === undefined) return "ClusterAdmissionPolicyGroup";
  const kind = POLICY_GROUP_KINDS.find((k) => k.toLowerCase() === value.toLowerCase()) ?? GROUP_KIND_ALIASES[value.toLowerCase()];
  if (!kind) throw new UsageError(`--kind of a group must be ${POLICY_GROUP_KINDS.join(" or ")}, not '${value}'`);
  return kind;
}

/** `name=value` pairs of a repeated flag, by name. */
function pairs(flag: string, values: string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const value of values) {
    const at = value.indexOf("=");
    if (at <= 0) throw new UsageError(`${flag} takes <member>=<value>, not '${value}'`);
    out.set(value.slice(0, at), value.slice(at + 1));
  }
  return out;
}

function groupRules(value: string): PolicyRule[] {
  const rules = settingsFrom(value);
  if (!Array.isArray(rules)) throw new UsageError("--rules takes a list of rules (apiGroups, apiVersions, resources, operations)");
  return rules as PolicyRule[];
}

function groupMembers(values: { member: string[]; "member-module": string[]; "member-settings": string[] }): GroupMemberOptions[] {
  const policies = pairs("--member", values.member), modules = pairs("--member-module", values["member-module"]);
  const settings = pairs("--member-settings", values["member-settings"]);
  if (policies.size === 0) throw new UsageError("a group needs --member <name>=<policy or file.wasm>");
  for (const name of [...modules.keys(), ...settings.keys()]) {
    if (!policies.has(name)) throw new UsageError(`'${name}' is not a --member of the group`);
  }
  return [...policies].map(([name, policy]) => {
    const module = modules.get(name);
    if (!module) throw new UsageError(`missing --member-module ${name}=<registry://…>: where the policy-server fetches member ${name}`);
    return { name, wasmPath: resolveModulePath(policy), module, settings: settingsFrom(settings.get(name)) };
  });
}

function parseKind(value: string | undefined): PolicyKind {
  if (value === undefined) return "ClusterAdmissionPolicy";
  const kind = POLICY_KINDS.find((k) => k.toLowerCase() === value.toLowerCase()) ?? KIND_ALIASES[value.toLowerCase()];
  if (!kind) throw new UsageError(`--kind must be ${POLICY_KINDS.join(" or ")}, not '${value}'`);
  return kind;
}

function parseSeconds(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const seconds = Number(value);
  if (value.trim() === "" || !Number.isFinite(seconds)) throw new UsageError(`--timeout-seconds must be a number of seconds, not '${value}'`);
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

export async function run({ flags, args }: CommandInput<ManifestFlags>): Promise<ResultOf<ManifestFlags>> {
  const common = {
    namespace: flags.namespace,
    mode: flags.mode,
    policyServer: flags["policy-server"],
    includeNamespaces: parseList(flags["namespace-selector-include"]),
    excludeNamespaces: parseList(flags["namespace-selector-exclude"]),
    timeoutSeconds: parseSeconds(flags["timeout-seconds"]),
    failurePolicy: flags["failure-policy"],
  };
  if (flags.group !== undefined) {
    if (args.length > 0 || flags.module || flags.settings) throw new UsageError("a group takes its policies as --member, --member-module and --member-settings");
    if (!flags.expression || !flags.message) throw new UsageError("a group needs --expression and --message");
    const manifest: PolicyManifest = await groupManifest(groupMembers(flags), {
      ...common, kind: parseGroupKind(flags.kind), name: flags.group, expression: flags.expression, message: flags.message,
      rules: flags.rules === undefined ? undefined : groupRules(flags.rules),
    });
    return { data: () => manifest };
  }
  if (args.length !== 1) throw new UsageError("name one policy or .wasm file");
  if (!flags.module) throw new UsageError("missing --module: where the policy-server fetches the module, e.g. registry://host/prefix/policy@sha256:…");
  const manifest = await manifestForModule(resolveModulePath(args[0]), {
    ...common,
    kind: parseKind(flags.kind),
    name: flags.name,
    module: flags.module,
    settings: settingsFrom(flags.settings),
    mutating: flags.mutating === undefined ? undefined : flags.mutating === "true",
    message: flags.message,
  });
  return { data: () => manifest };
}
