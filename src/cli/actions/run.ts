// `wardenkit run`: evaluates one request against a module, like `kwctl run`.
import { PolicyModule } from "../../host/policy-module.ts";
import { PolicyEvaluator } from "../../host/evaluator.ts";
import { toAdmissionRequest } from "../../host/admission-request.ts";
import { ClusterState } from "../../host/capabilities/cluster-state.ts";
import { ReplaySession } from "../../host/capabilities/replay.ts";
import { readClusterObjects, readDocument } from "../../inputs/documents.ts";
import { HostCapabilityAllowList } from "../../host/capabilities/allow-list.ts";
import type { CommandInput, ResultOf } from "../command.ts";
import type { RunFlags } from "../commands/run.ts";
import { CliError } from "../errors.ts";
import { printLine } from "../io.ts";
import { printable } from "../../io/printable.ts";
import { readSettingsArg } from "./settings-arg.ts";
import { resolveModulePath } from "./module-arg.ts";
import { ensureCurrentModule } from "../../modules/current-module.ts";
import { declaredResponseOptions } from "../../host/admission-response.ts";
import { notSentReason } from "../../testing/sent-by-rules.ts";

/** kwctl's default is `*`; a flag given as "" (or only commas) denies every capability. */
function allowedHostCapabilities(values: string[]): HostCapabilityAllowList {
  if (values.length === 0) return HostCapabilityAllowList.ALLOW_ALL;
  const patterns = values.flatMap((v) => v.split(",")).map((p) => p.trim()).filter((p) => p !== "");
  try {
    return HostCapabilityAllowList.parse(patterns);
  } catch (err) {
    throw new CliError(`--allowed-host-capabilities: ${(err as Error).message}`);
  }
}

export async function run({ flags, args: [module], io }: CommandInput<RunFlags>): Promise<ResultOf<RunFlags>> {
  const modulePath = resolveModulePath(module);
  await ensureCurrentModule(modulePath, { log: (line) => printLine(io.stderr, line) });
  const policy = await PolicyModule.fromFile(modulePath);
  const request = toAdmissionRequest(readDocument(flags.request));
  const settings = readSettingsArg(flags.settings);
  const hostCapabilities = allowedHostCapabilities(flags["allowed-host-capabilities"]);
  const evaluator = new PolicyEvaluator(policy);
  const verdict = evaluator.validateSettings(settings);
  if (!verdict.valid) throw new CliError(`invalid settings: ${verdict.message ?? "rejected by the policy"}`);
  // Answered as policy-server would answer with a manifest that says what the metadata says.
  const evaluation = evaluator.validate(request, settings, {
    kubernetes: flags.cluster ? new ClusterState(readClusterObjects(flags.cluster)) : undefined,
    replay: flags.replay ? ReplaySession.fromFile(flags.replay) : undefined,
    hostCapabilities,
  }, declaredResponseOptions(policy.metadata, policy.name));
  const notSent = notSentReason(policy.metadata, policy.name, request);
  if (notSent) printLine(io.stderr, `note: ${notSent}`);
  if (flags.verbose) for (const log of evaluation.logs) printLine(io.stderr, printable(`[${log.level}] ${log.message}`));
  return { data: () => ({ apiVersion: "admission.k8s.io/v1", kind: "AdmissionReview", response: evaluation.admission }) };
}
