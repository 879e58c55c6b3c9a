// The thread that answers `wardenkit run --live`'s host calls: the evaluation runs
// on the main thread, which blocks in Atomics.wait while a call is out, so the
// asynchronous live sources need a thread of their own.
import { parentPort, workerData } from "node:worker_threads";
import { LiveExternalSource, type LiveExternalOptions } from "../host/live/live-external-source.ts";
import { openBridge } from "./kubernetes-bridge.ts";

const port = parentPort!;
const bridge = openBridge({ external: new LiveExternalSource((workerData as { options: LiveExternalOptions }).options) });
port.postMessage(bridge.workerEnd, [bridge.workerEnd.port]);
// The listener keeps this thread alive (the bridge's port does not) until the main thread ends it.
port.on("message", () => bridge.close());
