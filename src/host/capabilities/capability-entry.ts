// What one host capability is to the seam: how the guest's request is read,
// what policy-evaluator refuses before its callback channel, and where the
// answer comes from. src/host/capabilities/registry.ts lists every entry.
import type { ContextAwareResource } from "../../wasm/policy-metadata.ts";
import type { KubernetesSource } from "./kubernetes-requests.ts";
import type { ExternalSource } from "./external-requests.ts";
import type { ReplaySession } from "./replay.ts";
import type { SessionRecorder } from "./recording.ts";
import type { HostCapabilityAllowList } from "./allow-list.ts";

export interface PolicyLogEntry {
  level: string;
  message: string;
  [field: string]: unknown;
}

/** The sources and limits of one evaluation's host calls. */
export interface HostCapabilityOptions {
  /** Where kubernetes reads are answered from (objects, or a live cluster); none means the cluster cannot be read. */
  kubernetes?: KubernetesSource;
  /** Where the OCI, DNS and crypto capabilities are answered from (live, in serve and `run --live`); none means they cannot be. */
  external?: ExternalSource;
  /** Recorded answers, used for every capability except logging. */
  replay?: ReplaySession;
  /** Where every answer that comes back through the callback channel is recorded, as kwctl records a session. */
  record?: SessionRecorder;
  /** Kinds the policy may read; undefined allows every kind (like `kwctl run --allow-context-aware`). */
  contextAwareResources?: ContextAwareResource[];
  /** Capabilities the policy may call; undefined allows all (like `kwctl run`'s default `*`). */
  hostCapabilities?: HostCapabilityAllowList;
  onLog?: (entry: PolicyLogEntry) => void;
}

/** A request as kwctl records it: its tag and its fields. */
export interface ReplayRequest {
  tag: string;
  request: unknown;
}

export interface CapabilityEntry<Request = unknown> {
  /** `<namespace>/<operation>`, as the guest calls it and `hostCapabilities` names it. */
  readonly path: string;
  /** The request tag kwctl writes in a record/replay session; none: never answered from one. */
  readonly replayTag?: string;
  /** For a capability whose tag depends on the request (the sigstore kinds): its tag and recorded fields. */
  replayRequest?(request: Request): ReplayRequest;
  /** Whether `hostCapabilities` may refuse it (every namespace but tracing, as policy-evaluator does). */
  readonly ungated?: boolean;
  /** Reads the guest's payload; throws a HostCallError worded as policy-evaluator words it. */
  parse(payload: Uint8Array): Request;
  /** Refusals policy-evaluator makes before its callback channel (contextAwareResources). */
  check?(request: Request, options: HostCapabilityOptions): void;
  /** The answer without a replay session; none: this host has no source for it. */
  answer?(request: Request, options: HostCapabilityOptions): Uint8Array;
  /** Whether `options` hold the source `answer` reads; absent: the entry needs none. */
  hasSource?(options: HostCapabilityOptions): boolean;
}
