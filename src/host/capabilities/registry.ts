// Every host capability, keyed by `<namespace>/<operation>` (policy-evaluator's
// tree), and the one dispatch all hosts use: the V8 evaluator, serve's workers
// and the wasmtime engine's driver. Adding a capability is one entry here.
import { HostCallError } from "../guest.ts";
import { CALLBACK_FAILURE_PREFIX, capabilityDenied } from "../../kubewarden/host-wording.ts";
import type { CapabilityEntry, HostCapabilityOptions, ReplayRequest } from "./capability-entry.ts";
import { tracingLog } from "./entries/tracing-log.ts";
import { listResourcesByNamespace } from "./entries/kubernetes-list-resources-by-namespace.ts";
import { listResourcesAll } from "./entries/kubernetes-list-resources-all.ts";
import { getResource } from "./entries/kubernetes-get-resource.ts";
import { canI } from "./entries/kubernetes-can-i.ts";
import { ociV1Verify } from "./entries/oci-v1-verify.ts";
import { ociV2Verify } from "./entries/oci-v2-verify.ts";
import { ociManifestDigest } from "./entries/oci-v1-manifest-digest.ts";
import { ociManifest } from "./entries/oci-v1-oci-manifest.ts";
import { ociManifestConfig } from "./entries/oci-v1-oci-manifest-config.ts";
import { dnsLookupHost } from "./entries/net-v1-dns-lookup-host.ts";
import { isCertificateTrusted } from "./entries/crypto-v1-is-certificate-trusted.ts";

const ENTRIES: readonly CapabilityEntry[] = [
  tracingLog,
  listResourcesByNamespace, listResourcesAll, getResource, canI,
  ociV1Verify, ociV2Verify, ociManifestDigest, ociManifest, ociManifestConfig,
  dnsLookupHost,
  isCertificateTrusted,
] as CapabilityEntry[];

export const CAPABILITIES: ReadonlyMap<string, CapabilityEntry> = new Map(ENTRIES.map((e) => [e.path, e]));

/** Refused without a prefix, as the call never reaches a callback channel. */
export const capabilityNotAvailable = (path: string) =>
  `the ${path} host capability is not available to this evaluation; record it in a replay session, or answer it live (wardenkit serve, or run --live)`;

const NAMESPACES = new Set(ENTRIES.map((e) => e.path.slice(0, e.path.indexOf("/"))));

/**
 * Kubewarden's host_callback prefixes what comes back through its callback
 * channel (the cluster, the record/replay proxy, OCI, DNS, crypto); its own
 * refusals (bad request body, access outside contextAwareResources) are not.
 */
function throughCallbackChannel(answer: () => Uint8Array): Uint8Array {
  try {
    return answer();
  } catch (err) {
    if (err instanceof HostCallError) throw new HostCallError(CALLBACK_FAILURE_PREFIX + err.message);
    throw err;
  }
}

const decoder = new TextDecoder();

/** The request as kwctl's session holds it: the entry's own form, else the guest's body under the entry's tag. */
function recordedForm(entry: CapabilityEntry, request: unknown, payload: Uint8Array): ReplayRequest | undefined {
  if (entry.replayRequest) return entry.replayRequest(request);
  return entry.replayTag ? { tag: entry.replayTag, request: JSON.parse(decoder.decode(payload)) } : undefined;
}

/** Answers one `__host_call` of a guest with `options`' sources, refusing what policy-evaluator refuses. */
export function dispatchHostCall(
  options: HostCapabilityOptions, binding: string, namespace: string, operation: string, payload: Uint8Array,
): Uint8Array {
  if (binding !== "kubewarden") throw new HostCallError(`unknown binding: ${binding}`);
  const path = `${namespace}/${operation}`;
  const entry = CAPABILITIES.get(path);
  // Checked first, as policy-server does: a refused call never reaches a replay session.
  const gated = entry ? !entry.ungated : namespace !== "tracing";
  if (gated && options.hostCapabilities && !options.hostCapabilities.allows(path)) {
    throw new HostCallError(capabilityDenied(path));
  }
  if (!entry) throw new HostCallError(NAMESPACES.has(namespace) ? `unknown operation: ${operation}` : `unknown namespace: ${namespace}`);
  const request = entry.parse(payload);
  entry.check?.(request, options);
  const { replay, record } = options;
  const recorded = recordedForm(entry, request, payload);
  const live = entry.answer && entry.hasSource?.(options) !== false ? () => entry.answer!(request, options) : undefined;
  const source = recorded && replay ? () => replay.answerRequest(recorded) : live;
  if (!source) throw new HostCallError(capabilityNotAvailable(path));
  // The one recording point: whichever source answered, its answer (or error) as it came back, before the prefix.
  return throughCallbackChannel(recorded && record ? () => record.record(recorded.tag, recorded.request, source) : source);
}

/** The replay tag of each capability that has one, for reading kwctl's session files. */
export function replayTags(): Record<string, string> {
  return Object.fromEntries(ENTRIES.filter((e) => e.replayTag).map((e) => [e.path, e.replayTag!]));
}
