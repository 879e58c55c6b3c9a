// wardenkit manifest: prints the ClusterAdmissionPolicy or AdmissionPolicy for a built policy,
// with its settings vetted by the module and the result vetted by the CRD schema.
import { manifestForModule } from "../../manifests/module-manifest.ts";
import { ManifestError } from "../../manifests/manifest-error.ts";
import { POLICY_GROUP_KINDS, POLICY_KINDS, type PolicyGroupKind, type PolicyKind } from "../../kubewarden/policy-kinds.ts";
import type { PolicyManifest } from "../../manifests/policy-manifest.ts";
import { groupManifest, type GroupMemberOptions } from "../../manifests/group-manifest.ts";
import type { PolicyRule } from "../../wasm/policy-metadata.ts";
import { InputError, readSettings } from "../../inputs/documents.ts";
import { registryArgs } from "./registry-args.ts";
import type { CommandInput, ResultOf } from "../command.ts";
import type { ManifestFlags } from "../commands/manifest.ts";
import { CliError, UsageError } from "../errors.ts";
import { printLine } from "../io.ts";
import { loadModuleArg, locateModuleArg, policyOf, type LocatedModule, type ModuleArgOptions } from "./module-arg.ts";
import { checkSettingsArg, settingsFor } from "./settings-arg.ts";

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
  let rules: unknown;
  try {
    rules = readSettings(value);
  } catch (err) {
    if (err instanceof InputError) throw new CliError(`--rules: ${err.message}`);
    throw err;
  }
  if (!Array.isArray(rules)) throw new UsageError("--rules takes a list of rules (apiGroups, apiVersions, resources, operations)");
  return rules as PolicyRule[];
}

/** Where the policy-server fetches a module: the flag, or the registry reference or URL the module was read from. */
function moduleLocation(flag: string | undefined, located: LocatedModule): string | undefined {
  if (flag !== undefined) return flag;
  return located.kind === "registry" ? located.reference : located.kind === "url" ? located.url : undefined;
}

type GroupFlags = Pick<CommandInput<ManifestFlags>["flags"], "member" | "member-module" | "member-settings">;

async function groupMembers(values: GroupFlags, options: ModuleArgOptions): Promise<GroupMemberOptions[]> {
  const policies = pairs("--member", values.member), modules = pairs("--member-module", values["member-module"]);
  const settings = pairs("--member-settings", values["member-settings"]);
  if (policies.size === 0) throw new UsageError("a group needs --member <name>=<policy, file.wasm or registry://…>");
  for (const name of [...modules.keys(), ...settings.keys()]) {
    if (!policies.has(name)) throw new UsageError(`'${name}' is not a --member of the group`);
  }
  const located = [...policies].map(([name, policy]) => {
    const where = locateModuleArg(policy);
    const module = moduleLocation(modules.get(name), where);
    if (!module) throw new UsageError(`missing --member-module ${name}=<registry://…>: where the policy-server fetches member ${name}`);
    return { name, where, module };
  });
  const members: GroupMemberOptions[] = [];
  for (const { name, where, module } of located) {
    const { arg, module: wasm } = await loadModuleArg(where, options);
    const memberSettings = settingsFor(settings.get(name), policyOf(arg.located), `--member-settings ${name}`);
    checkSettingsArg(wasm, memberSettings, `member ${name}`);
    members.push({ name, wasm, module, settings: memberSettings.value });
  }
  return members;
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

export async function run({ flags, args, io }: CommandInput<ManifestFlags>): Promise<ResultOf<ManifestFlags>> {
  const common = {
    namespace: flags.namespace,
    mode: flags.mode,
    policyServer: flags["policy-server"],
    includeNamespaces: parseList(flags["namespace-selector-include"]),
    excludeNamespaces: parseList(flags["namespace-selector-exclude"]),
    timeoutSeconds: parseSeconds(flags["timeout-seconds"]),
    failurePolicy: flags["failure-policy"],
  };
  const options: ModuleArgOptions = {
    registry: registryArgs(flags),
    log: (line) => printLine(io.stderr, line),
  };
  if (flags.group !== undefined) {
    if (args.length > 0 || flags.module || flags.settings) throw new UsageError("a group takes its policies as --member, --member-module and --member-settings");
    if (!flags.expression || !flags.message) throw new UsageError("a group needs --expression and --message");
    const manifest: PolicyManifest = await groupManifest(await groupMembers(flags, options), {
      ...common, kind: parseGroupKind(flags.kind), name: flags.group, expression: flags.expression, message: flags.message,
      rules: flags.rules === undefined ? undefined : groupRules(flags.rules),
    });
    return { data: () => manifest };
  }
  if (args.length !== 1) throw new UsageError("name one policy, .wasm file or registry://… reference");
  const located = locateModuleArg(args[0]);
  const module = moduleLocation(flags.module, located);
  if (!module) throw new UsageError("missing --module: where the policy-server fetches the module, e.g. registry://host/prefix/policy@sha256:…");
  const { arg, module: wasm } = await loadModuleArg(located, options);
  const settings = settingsFor(flags.settings, policyOf(arg.located));
  checkSettingsArg(wasm, settings);
  const manifest = await manifestForModule(wasm, {
    ...common,
    kind: parseKind(flags.kind),
    name: flags.name,
    module,
    settings: settings.value,
    mutating: flags.mutating === undefined ? undefined : flags.mutating === "true",
    message: flags.message,
  }).catch((err: Error) => {
    // The name a module's file or repository gives may not be a Kubernetes name.
    throw flags.name === undefined && err instanceof ManifestError && err.message.startsWith("metadata.name ")
      ? new CliError(`${err.message}; it was taken from ${arg.shown}: give another with --name`)
      : err;
  });
  return { data: () => manifest };
}
