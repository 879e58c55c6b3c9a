// `wardenkit run --live`: the live external sources on a helper thread, reached
// through the same bridge as serve's workers reach the main thread.
import { once } from "node:events";
import { Worker } from "node:worker_threads";
import type { ExternalSource } from "../host/capabilities/external-requests.ts";
import { LIVE_CALL_TIMEOUT_MS } from "../host/live/deadline.ts";
import type { LiveExternalOptions } from "../host/live/live-external-source.ts";
import { bridgedSources, type BridgeEnd } from "./kubernetes-bridge.ts";

/** Compiled, the thread starts from its .js; from source, through the bootstrap that registers tsx. */
const FROM_SOURCE = import.meta.url.endsWith(".ts");
const ENTRY = FROM_SOURCE ? new URL("./worker-bootstrap.mjs", import.meta.url) : new URL("./live-sources-worker.js", import.meta.url);
/** Beyond a call's own deadline, the margin the thread has to post its answer. */
const ANSWER_MARGIN_MS = 2000;

export interface LiveSourcesThread {
  external: ExternalSource;
  stop(): Promise<void>;
}

export async function startLiveSources(options: LiveExternalOptions = {}): Promise<LiveSourcesThread> {
  const thread = new Worker(ENTRY, {
    workerData: { options, ...(FROM_SOURCE ? { entry: new URL("./live-sources-worker.ts", import.meta.url).href } : {}) },
  });
  const [end] = (await once(thread, "message")) as [BridgeEnd];
  end.waitMs = (options.timeoutMs ?? LIVE_CALL_TIMEOUT_MS) + ANSWER_MARGIN_MS;
  return {
    external: bridgedSources(end).external!,
    stop: async () => {
      await thread.terminate();
    },
  };
}
