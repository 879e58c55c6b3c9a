// policy-server cannot load a module whose initialisation is a wasm start section.
import type { ModuleInfo } from "./module-info.ts";

/**
 * Why a module with a wasm start section cannot run in policy-server, or null when it has none.
 * The start function runs while the module is instantiated, before wasmtime-provider sets the
 * Store's epoch deadline; with policy-server's timeout protection on (its default) it traps at
 * once and policy-server exits at start-up. An exported `_start` is called after the deadline.
 */
export function startSectionProblem(info: ModuleInfo): string | null {
  if (info.startFunction === undefined) return null;
  return `has a wasm start section (function ${info.startFunction}), which traps in policy-server with timeout protection on (its default) and stops it at start-up; export the initialisation as _start instead (AssemblyScript: --exportStart _start)`;
}
