// `wardenkit run`: evaluates one request against a module, like `kwctl run`.
import { parseArgs } from "node:util";
import { PolicyModule } from "../../host/policy-module.ts";
import { PolicyEvaluator } from "../../host/evaluator.ts";
import { toAdmissionRequest } from "../../host/admission-request.ts";
import { ClusterState } from "../../host/capabilities/cluster-state.ts";
import { ReplaySession } from "../../host/capabilities/replay.ts";
import { readClusterObjects, readDocument } from "../../testing/inputs.ts";
import { readSettingsArg } from "../settings-arg.ts";
import { resolveModulePath } from "../module-arg.ts";
import { CliError } from "../errors.ts";
import { HostCapabilityAllowList } from "../../host/capabilities/allow-list.ts";
import { ensureCurrentModule } from "../../testing/current-module.ts";

export const summary = "evaluate an AdmissionReview against a policy and print the answer";
export const usage =
  "wardenkit run <dist/x.wasm | policy> --request <file> [--settings <json|file>] [--cluster <objects.yaml>] [--replay <session.yml>] [--allowed-host-capabilities <pattern,…>] [--verbose]";

/** kwctl's default is `*`; a flag given as "" (or only commas) denies every capability. */
function allowedHostCapabilities(values: string[] | undefined): HostCapabilityAllowList {
  if (!values) return HostCapabilityAllowList.ALLOW_ALL;
  const patterns = values.flatMap((v) => v.split(",")).map((p) => p.trim()).filter((p) => p !== "");
  try {
    return HostCapabilityAllowList.parse(patterns);
  } catch (err) {
    throw new CliError(`--allowed-host-capabilities: ${(err as Error).message}`);
  }
}

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      request: { type: "string", short: "r" },
      settings: { type: "string", short: "s" },
      cluster: { type: "string" },
      replay: { type: "string" },
      "allowed-host-capabilities": { type: "string", multiple: true },
      verbose: { type: "boolean", short: "v" },
    },
  });
  if (!values.request) throw new CliError("--request <file> is required");
  const modulePath = resolveModulePath(positionals[0]);
  await ensureCurrentModule(modulePath);
  const policy = await PolicyModule.fromFile(modulePath);
  const request = toAdmissionRequest(readDocument(values.request));
  const settings = readSettingsArg(values.settings);
  const hostCapabilities = allowedHostCapabilities(values["allowed-host-capabilities"]);
  const evaluator = new PolicyEvaluator(policy);
  const verdict = evaluator.validateSettings(settings);
  if (!verdict.valid) throw new CliError(`invalid settings: ${verdict.message ?? "rejected by the policy"}`);
  const evaluation = evaluator.validate(request, settings, {
    kubernetes: values.cluster ? new ClusterState(readClusterObjects(values.cluster)) : undefined,
    replay: values.replay ? ReplaySession.fromFile(values.replay) : undefined,
    hostCapabilities,
  });
  if (values.verbose) for (const log of evaluation.logs) console.error(`[${log.level}] ${log.message}`);
  console.log(JSON.stringify({ apiVersion: "admission.k8s.io/v1", kind: "AdmissionReview", response: evaluation.admission }, null, 2));
  return 0;
}
