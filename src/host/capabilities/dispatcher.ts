// Routes a guest's __host_call to logging, a replay session or a view of the
// cluster, enforcing the policy's contextAwareResources as policy-server does.
import { HostCallError, type HostCallHandler } from "../guest.ts";
import type { ContextAwareResource } from "../../wasm/policy-metadata.ts";
import { parseKubernetesRequest, type KubernetesSource } from "./kubernetes-requests.ts";
import type { ReplaySession } from "./replay.ts";
import type { HostCapabilityAllowList } from "./allow-list.ts";
import { CALLBACK_FAILURE_PREFIX, capabilityDenied, contextAwareDenied } from "../../kubewarden/host-wording.ts";

export interface PolicyLogEntry {
  level: string;
  message: string;
  [field: string]: unknown;
}

export interface HostCapabilityOptions {
  /** Where kubernetes reads are answered from; none means the cluster cannot be read. */
  kubernetes?: KubernetesSource;
  /** Recorded answers, used for every capability except logging. */
  replay?: ReplaySession;
  /** Kinds the policy may read; undefined allows every kind (like `kwctl run --allow-context-aware`). */
  contextAwareResources?: ContextAwareResource[];
  /** Capabilities the policy may call; undefined allows all (like `kwctl run`'s default `*`). */
  hostCapabilities?: HostCapabilityAllowList;
  onLog?: (entry: PolicyLogEntry) => void;
}

const EMPTY = new Uint8Array(0);
const encoder = new TextEncoder();

function parseLog(payload: Uint8Array): PolicyLogEntry {
  try {
    const event = JSON.parse(new TextDecoder().decode(payload));
    if (typeof event === "object" && event !== null) {
      return { ...event, level: String(event.level ?? "info").toLowerCase(), message: String(event.message ?? "") };
    }
  } catch {
    // Kubewarden only logs unparsable events; so do we.
  }
  return { level: "info", message: new TextDecoder().decode(payload) };
}

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

/** Checks the body and the policy's access, as Kubewarden does before the callback channel. */
function kubernetesRequest(allowed: ContextAwareResource[] | undefined, operation: string, payload: Uint8Array): Record<string, unknown> {
  const request = parseKubernetesRequest(operation, payload);
  const apiVersion = request.api_version as string, kind = request.kind as string;
  if (allowed && !allowed.some((r) => r.apiVersion === apiVersion && r.kind === kind)) {
    throw new HostCallError(contextAwareDenied(apiVersion, kind));
  }
  return request;
}

function kubernetesAnswer(source: KubernetesSource | undefined, operation: string, request: Record<string, unknown>): Uint8Array {
  if (!source) throw new HostCallError("no Kubernetes cluster is available to this evaluation");
  let answer: unknown;
  if (operation === "list_resources_by_namespace") answer = source.listByNamespace(request as never);
  else if (operation === "list_resources_all") answer = source.listAll(request as never);
  else answer = source.getResource(request as never);
  return encoder.encode(JSON.stringify(answer));
}

const KUBERNETES_READS = new Set(["list_resources_by_namespace", "list_resources_all", "get_resource"]);

export function createHostCallHandler(options: HostCapabilityOptions = {}): HostCallHandler {
  return (binding, namespace, operation, payload) => {
    if (binding !== "kubewarden") throw new HostCallError(`unknown binding: ${binding}`);
    // Checked first, as policy-server does: a refused call never reaches a replay session.
    if (namespace !== "tracing" && options.hostCapabilities && !options.hostCapabilities.allows(`${namespace}/${operation}`)) {
      throw new HostCallError(capabilityDenied(`${namespace}/${operation}`));
    }
    if (namespace === "tracing") {
      if (operation !== "log") throw new HostCallError(`unknown operation: ${operation}`);
      options.onLog?.(parseLog(payload));
      return EMPTY;
    }
    // A read outside contextAwareResources is refused before the replay proxy, so no session holds one.
    const isRead = namespace === "kubernetes" && KUBERNETES_READS.has(operation);
    const request = isRead ? kubernetesRequest(options.contextAwareResources, operation, payload) : undefined;
    const replay = options.replay;
    if (replay) return throughCallbackChannel(() => replay.answer(namespace, operation, payload));
    if (namespace === "kubernetes") {
      if (!request) throw new HostCallError(`operation ${operation} is not available in this host`);
      return throughCallbackChannel(() => kubernetesAnswer(options.kubernetes, operation, request));
    }
    if (["oci", "net", "crypto"].includes(namespace)) {
      throw new HostCallError(`the ${namespace} host capabilities are not available in this host; record them in a replay session`);
    }
    throw new HostCallError(`unknown namespace: ${namespace}`);
  };
}
