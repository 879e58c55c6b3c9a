import { defineCommand } from "../command.ts";
import { booleanFlag, listFlag, stringFlag } from "../flags.ts";
import { DEFAULT_POLICY_SERVER } from "../../manifests/policy-manifest.ts";

const flags = {
  binding: listFlag("binding.yaml", "a file or folder of ValidatingAdmissionPolicyBindings (they may also lie beside the VAPs)"),
  params: listFlag("object.yaml", "a file or folder holding the parameter objects the bindings' paramRefs name"),
  out: stringFlag("dir", "where to write the manifests, one <name>.yaml per policy (default: the project's deploy/vap/)"),
  force: booleanFlag("replace policy folders of the same names"),
  "policy-server": stringFlag("name", "the PolicyServer that runs the policies", { default: DEFAULT_POLICY_SERVER }),
};
export type VapFlags = typeof flags;

export const vap = defineCommand({
  name: "vap",
  summary: "compile ValidatingAdmissionPolicies and their bindings into policies, modules and manifests",
  positionals: [{ name: "vap", description: "files or folders of ValidatingAdmissionPolicies (and bindings and parameter objects)", variadic: true }],
  flags,
  details: [
    "Each VAP, once per binding, becomes policies/<name>/ (as wardenkit new places a policy), dist/<name>.wasm (built as wardenkit build builds) and a ClusterAdmissionPolicy or AdmissionPolicy manifest.",
    "The rules, selectors, match conditions, mode and failure policy come from the VAP's matchConstraints and the binding; parameters become the settings. docs/vap.md says what maps to what and what is refused.",
  ],
  examples: [
    { command: "wardenkit vap replica-limit.yaml --binding replica-limit-binding.yaml", description: "one VAP and its binding" },
    { command: "wardenkit vap max-replicas.yaml --binding binding.yaml --params limits-configmap.yaml", description: "a VAP whose binding names a parameter object" },
    { command: "wardenkit vap cluster-policies/ --out deploy/policies --force", description: "a folder of VAPs, bindings and parameter objects, compiled again" },
  ],
  load: () => import("../actions/vap.ts"),
});
