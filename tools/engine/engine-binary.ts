// Where scripts/build-engine.sh leaves the wasmtime engine: a cargo target
// directory in the user's cache, so it is built once per machine.
import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

export class EngineMissingError extends Error {}

export function engineTargetDir(env: NodeJS.ProcessEnv = process.env): string {
  const cache = env.WARDENKIT_CACHE || join(env.XDG_CACHE_HOME || join(homedir(), ".cache"), "wardenkit");
  return join(cache, "engine-target");
}

/** The engine binary: WARDENKIT_ENGINE when set, else the release build of engine/. */
export function engineBinaryPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.WARDENKIT_ENGINE || join(engineTargetDir(env), "release", "wardenkit-engine");
}

export function requireEngineBinary(env: NodeJS.ProcessEnv = process.env): string {
  const path = engineBinaryPath(env);
  if (!existsSync(path)) throw new EngineMissingError(`the wasmtime engine is not built (${path} is missing); run scripts/build-engine.sh or make engine`);
  return path;
}
