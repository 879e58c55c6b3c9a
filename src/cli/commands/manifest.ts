import { defineCommand } from "../command.ts";
import { choiceFlag, listFlag, outputFlag, stringFlag } from "../flags.ts";
import { DEFAULT_MODE, DEFAULT_POLICY_SERVER } from "../../manifests/policy-manifest.ts";
import { MODULE_ARG, REGISTRY_FLAGS, SETTINGS_FLAG } from "./shared-flags.ts";

const flags = {
  module: stringFlag("registry://…", "where the policy-server fetches the module, e.g. registry://host/prefix/policy@sha256:… (default: the registry:// reference or URL <module> was read from)"),
  kind: stringFlag("kind", "ClusterAdmissionPolicy (cap, the default) or AdmissionPolicy (ap); for a group ClusterAdmissionPolicyGroup (capg) or AdmissionPolicyGroup (apg)"),
  name: stringFlag("name", "the policy's name (default: the module's)"),
  namespace: stringFlag("namespace", "the namespace of an AdmissionPolicy", { short: "n" }),
  mode: choiceFlag(["protect", "monitor"], "protect denies; monitor only reports", { default: DEFAULT_MODE }),
  settings: SETTINGS_FLAG,
  "policy-server": stringFlag("name", "the PolicyServer that runs the policy", { default: DEFAULT_POLICY_SERVER }),
  mutating: choiceFlag(["true", "false"], "run a mutating policy as a validating one with false (default: from the metadata)"),
  "namespace-selector-include": stringFlag("ns,…", "only these namespaces"),
  "namespace-selector-exclude": stringFlag("ns,…", "never these namespaces"),
  message: stringFlag("text", "the message of a denial (a group's is required)"),
  "timeout-seconds": stringFlag("2-30", "how long the API server waits for the policy"),
  "failure-policy": choiceFlag(["Fail", "Ignore"], "what the API server does when the policy does not answer"),
  output: outputFlag(["yaml", "json"], "yaml"),
  group: stringFlag("name", "write a policy group of this name instead, from --member flags"),
  expression: stringFlag("expression", "a group's decision over its members: 'a() && b()'"),
  member: listFlag("name=policy|file.wasm|registry://…", "a member of the group and its module"),
  "member-module": listFlag("name=registry://…", "where the policy-server fetches a member's module (default: the registry:// reference or URL the member was read from)"),
  "member-settings": listFlag("name=json|yaml|file", "a member's settings (default: as --settings)"),
  rules: stringFlag("json|yaml|file", "a group's rules (default: its members')"),
  ...REGISTRY_FLAGS,
};
export type ManifestFlags = typeof flags;

export const manifest = defineCommand({
  name: "manifest",
  summary: "print the ClusterAdmissionPolicy, AdmissionPolicy or policy group YAML for built policies",
  positionals: [{ ...MODULE_ARG, optional: true }],
  flags,
  details: [
    "A policy: wardenkit manifest <module> --module <registry://…> [options]; --module may be left out when <module> is a registry:// reference or a URL.",
    "A group: wardenkit manifest --group <name> --expression '<a() && b()>' --message <text> --member <a>=<policy|file.wasm|registry://…>… " +
      "--member-module <a>=<registry://…>… [--member-settings <a>=<settings>]… [--rules <rules>].",
    "The settings are checked by each module's validate_settings and the manifest against the Kubewarden CRD schemas.",
  ],
  examples: [
    { command: `wardenkit manifest required-labels --module registry://ghcr.io/wardenkit/policies/required-labels:v0.1.0 -s '{"requiredLabels":["owner"]}'`, description: "a ClusterAdmissionPolicy for a built policy, with its settings" },
    { command: `wardenkit manifest registry://ghcr.io/wardenkit/policies/required-labels:v0.1.0 -s '{"requiredLabels":["owner"]}'`, description: "for a published module, pulled to read its metadata; --module is its reference" },
    { command: "wardenkit manifest run-as-non-root --module registry://ghcr.io/wardenkit/policies/run-as-non-root:v0.1.0 --kind ap -n shop --mode monitor", description: "an AdmissionPolicy in namespace shop that only reports" },
    {
      command: "wardenkit manifest --group workload-security --expression 'non_root() || reviewed()' --message 'the workload must run as non-root' " +
        "--member non_root=run-as-non-root --member reviewed=required-labels " +
        "--member-module non_root=registry://ghcr.io/wardenkit/policies/run-as-non-root:v0.1.0 --member-module reviewed=registry://ghcr.io/wardenkit/policies/required-labels:v0.1.0",
      description: "a ClusterAdmissionPolicyGroup of two built policies",
    },
  ],
  load: () => import("../actions/manifest.ts"),
});
