// Worker threads start from plain JavaScript: register tsx, then load the
// TypeScript worker (bare `tsx` resolves from wardenkit's own node_modules).
import { register } from "tsx/esm/api";

register();
await import("./worker.ts");
