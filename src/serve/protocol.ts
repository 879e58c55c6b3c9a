// Messages between the server's main thread and its evaluation workers.
import type { ContextAwareResource } from "../wasm/policy-metadata.ts";
import type { PolicyMetadata } from "../wasm/policy-metadata.ts";
import type { PolicyMode } from "./config.ts";

/** Everything a worker needs to review one AdmissionReview body. */
export interface ReviewJob {
  kind: "review";
  policyId: string;
  body: Uint8Array;
  settings: Record<string, unknown>;
  mode: PolicyMode;
  allowedToMutate: boolean;
  contextAwareResources: ContextAwareResource[];
  /** The policy's hostCapabilities patterns. */
  hostCapabilities: string[];
  message?: string;
}

export interface SettingsJob {
  kind: "settings";
  settings: Record<string, unknown>;
}

export type Job = ReviewJob | SettingsJob;

/** A compiled module as it crosses threads: compiled code is shared, not recompiled. */
export interface ModuleHandle {
  digest: string;
  name: string;
  module: WebAssembly.Module;
  metadata: PolicyMetadata | null;
}

export type ToWorker =
  | { type: "job"; jobId: number; digest: string; module?: ModuleHandle; job: Job }
  | { type: "forget"; digest: string };

/** Who a rejection is about, for the Kubernetes Event. */
export interface DenialSubject {
  message: string;
  operation: string;
  kind: { group: string; version: string; kind: string };
  name?: string;
  namespace?: string;
  /** uid of the object when it already exists (UPDATE, DELETE). */
  uid?: string;
}

export type Verdict = "accepted" | "mutated" | "rejected" | "error";

export interface ReviewOutcome {
  kind: "review";
  /** 200 with an AdmissionReview, or 400 with the reason the body was refused. */
  status: 200 | 400;
  body: string;
  verdict?: Verdict;
  /** Set for protect-mode rejections of non-dry-run requests. */
  denial?: DenialSubject;
  /** What a monitor-mode policy would have decided, for the log. */
  monitored?: string;
  /** Policy log lines worth showing (warning and error). */
  logs: string[];
}

export interface SettingsOutcome {
  kind: "settings";
  valid: boolean;
  message?: string;
}

export type Outcome = ReviewOutcome | SettingsOutcome;

export type FromWorker =
  | { type: "ready" }
  | { type: "done"; jobId: number; outcome: Outcome }
  /** `recycle`: the worker should be replaced, e.g. after its memory cap was reached. */
  | { type: "failed"; jobId: number; error: string; recycle?: boolean };
