// `wardenkit run`: evaluates one request against a module, like `kwctl run`.
import { readTrustRoot } from "../../signing/keyless/trust-root.ts";
import { PolicyEvaluator } from "../../host/evaluator.ts";
import { toAdmissionRequest } from "../../host/admission-request.ts";
import { ClusterState } from "../../host/capabilities/cluster-state.ts";
import { readClusterObjects, readDocument } from "../../inputs/documents.ts";
import { HostCapabilityAllowList } from "../../host/capabilities/allow-list.ts";
import { registryArgs, registryConnection } from "./registry-args.ts";
import type { CommandInput, ResultOf } from "../command.ts";
import type { RunFlags } from "../commands/run.ts";
import { CliError, EXIT_FAILURE } from "../errors.ts";
import { printLine } from "../io.ts";
import { checkSettingsArg, settingsFor } from "./settings-arg.ts";
import { loadModuleArg, policyOf } from "./module-arg.ts";
import { printable } from "../../io/printable.ts";
import { declaredResponseOptions } from "../../host/admission-response.ts";
import { notSentReason } from "../../testing/sent-by-rules.ts";
import { replayFile, replaySession, sessionRecorder, writeRecordedSession } from "./session-flags.ts";
import { startLiveSources } from "../../serve/live-sources-thread.ts";

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

/** The policy's answer; a denial makes the command fail (exit 1), its AdmissionReview printed all the same. */
export async function run({ flags, args: [module], io }: CommandInput<RunFlags>): Promise<ResultOf<RunFlags>> {
  const { arg, module: policy } = await loadModuleArg(module, {
    registry: registryArgs(flags),
    log: (line) => printLine(io.stderr, line),
  });
  const request = toAdmissionRequest(readDocument(flags.request));
  const settings = settingsFor(flags.settings, policyOf(arg.located));
  const hostCapabilities = allowedHostCapabilities(flags["allowed-host-capabilities"]);
  checkSettingsArg(policy, settings);
  const reads = policy.metadata?.contextAwareResources ?? [];
  if (reads.length > 0 && !flags.cluster && !replayFile(flags)) {
    printLine(io.stderr, `note: ${arg.name} reads ${reads.map((r) => `${r.apiVersion}/${r.kind}`).join(", ")} from the cluster, and no cluster was given: give its objects with --cluster <objects.yaml>, or a recorded session with --replay`);
  }
  const record = sessionRecorder(flags);
  // Without --live, nothing leaves this machine: those host calls answer from a replay session or are refused.
  if (flags["trusted-root"] !== undefined) readTrustRoot(flags["trusted-root"]); // a bad file named here, before the live sources' thread reads it
  const live = flags.live
    ? await startLiveSources({ registry: registryConnection(flags), trustedRoot: flags["trusted-root"] })
    : undefined;
  let evaluation;
  try {
    // Answered as policy-server would answer with a manifest that says what the metadata says.
    evaluation = new PolicyEvaluator(policy).validate(request, settings.value, {
      kubernetes: flags.cluster ? new ClusterState(readClusterObjects(flags.cluster)) : undefined,
      replay: replaySession(flags),
      record,
      external: live?.external,
      hostCapabilities,
    }, declaredResponseOptions(policy.metadata, policy.name));
  } finally {
    await live?.stop();
  }
  writeRecordedSession(flags, record);
  const notSent = notSentReason(policy.metadata, policy.name, request);
  if (notSent) printLine(io.stderr, `note: ${notSent}`);
  if (flags.verbose) for (const log of evaluation.logs) printLine(io.stderr, printable(`[${log.level}] ${log.message}`));
  const { admission } = evaluation;
  return {
    data: () => ({ apiVersion: "admission.k8s.io/v1", kind: "AdmissionReview", response: admission }),
    ...(admission.allowed ? {} : { exitCode: EXIT_FAILURE, failure: `${arg.name} denied the request${admission.status?.message ? `: ${admission.status.message}` : ""}` }),
  };
}
