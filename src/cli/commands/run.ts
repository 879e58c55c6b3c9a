import { defineCommand } from "../command.ts";
import { TRUSTED_ROOT_FLAG } from "./keyless-flags.ts";
import { booleanFlag, listFlag, outputFlag, requiredFlag, stringFlag } from "../flags.ts";
import { CLUSTER_OBJECTS_FLAG, INPUT_LIMITS_DETAIL, MODULE_ARG, REGISTRY_FLAGS, REQUEST_FLAG_DESCRIPTION, SETTINGS_FLAG } from "./shared-flags.ts";

const flags = {
  request: requiredFlag("file", REQUEST_FLAG_DESCRIPTION, { short: "r" }),
  settings: SETTINGS_FLAG,
  cluster: CLUSTER_OBJECTS_FLAG,
  "replay-host-capabilities-interactions": stringFlag("session.yml", "answer host calls from a kwctl record/replay session"),
  replay: stringFlag("session.yml", "short for --replay-host-capabilities-interactions"),
  "record-host-capabilities-interactions": stringFlag("session.yml", "write every host call's request and answer, error answers too, to a kwctl record/replay session"),
  live: booleanFlag("answer the OCI manifest, sigstore verification, DNS and certificate host calls for real (registries, the system resolver, X.509), each within 10 s; a replay session still answers first"),
  "allowed-host-capabilities": listFlag("pattern,…", "the host capabilities granted, as policy-server patterns; \"\" for none (default *)"),
  output: outputFlag(["json", "yaml"], "json"),
  verbose: booleanFlag("print the policy's log events on standard error", { short: "v" }),
  ...REGISTRY_FLAGS,
  "trusted-root": { ...TRUSTED_ROOT_FLAG, description: "with --live: the Sigstore trust root keyless signatures are verified against (without it they are discarded, as policy-server does without one)" },
};
export type RunFlags = typeof flags;

export const run = defineCommand({
  name: "run",
  summary: "evaluate an AdmissionReview against a policy and print the answer",
  positionals: [MODULE_ARG],
  flags,
  details: ["Exits 1 when the policy denies the request, after printing its AdmissionReview.", INPUT_LIMITS_DETAIL],
  examples: [
    { command: `wardenkit run required-labels -r fixtures/required-labels/create-pod-unlabelled.json -s '{"requiredLabels":["owner"]}'`, description: "evaluate a request against a built policy, with settings" },
    { command: "wardenkit run sql-claim-size -r bench/requests/sqlclaim.json", description: "with the settings of policies/sql-claim-size/settings.yml, as it is deployed; exit 1 if it denies" },
    { command: `wardenkit run pod-density -r fixtures/pod-density/binding-full-node.json -s '{"eniMaxPods":true}' --cluster fixtures/pod-density/cluster.yaml`, description: "answer the policy's kubernetes host calls from cluster objects" },
    { command: "wardenkit run policy.wasm -r request.json --live --allowed-host-capabilities 'oci/v1/*'", description: "let a policy ask registries for manifests and digests, and nothing else" },
    { command: `wardenkit run dist/pod-density.wasm -r fixtures/pod-density/binding-full-node.json -s '{"eniMaxPods":true}' --replay fixtures/pod-density/session-binding-full-node.yml -o yaml`, description: "answer host calls from a kwctl record/replay session; print YAML" },
    { command: `wardenkit run pod-density -r fixtures/pod-density/binding-full-node.json -s '{"eniMaxPods":true}' --cluster fixtures/pod-density/cluster.yaml --record-host-capabilities-interactions session.yml`, description: "record the answers of the cluster objects to session.yml, for a later --replay-host-capabilities-interactions session.yml without --cluster" },
  ],
  load: () => import("../actions/run.ts"),
});
