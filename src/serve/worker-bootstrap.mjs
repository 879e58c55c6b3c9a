// Worker threads start from plain JavaScript: register tsx, then load the
// TypeScript worker named by workerData.entry (serve's evaluation worker by
// default; bare `tsx` resolves from wardenkit's own node_modules).
import { workerData } from "node:worker_threads";
import { register } from "tsx/esm/api";

register();
await import(workerData?.entry ?? "./worker.ts");
