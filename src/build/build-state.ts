// What the last build of a policy was made from and what it wrote, kept in
// <out-dir>/.build-state/<policy>.json so the next build can skip an unchanged policy.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { changedInput, hashModule, type BuildInputs } from "./build-inputs.ts";
import { writeFileAtomically } from "../io/atomic-file.ts";
import type { CompilerRecord } from "./compiler-record.ts";

export const BUILD_STATE_DIR = ".build-state";

export interface BuildState {
  inputs: BuildInputs;
  /** sha256 of the module written, so a module changed or removed since is rebuilt. */
  output: string;
  /** What the compiler read and ran with, for the SBOM. */
  compiler: CompilerRecord;
}

function statePath(outDir: string, policy: string): string {
  return join(outDir, BUILD_STATE_DIR, `${policy}.json`);
}

export function readState(outDir: string, policy: string): BuildState | null {
  try {
    return JSON.parse(readFileSync(statePath(outDir, policy), "utf8")) as BuildState;
  } catch {
    return null; // never built here, or the state is unreadable: build
  }
}

/** Why the module must be built, or null when the one in outDir is up to date. */
export function staleReason(outDir: string, policy: string, modulePath: string, inputs: BuildInputs): string | null {
  const state = readState(outDir, policy);
  if (!state?.inputs) return "no earlier build";
  if (!state.compiler) return "the last build kept no record of what it compiled in";
  if (!existsSync(modulePath)) return `${modulePath} is missing`;
  if (hashModule(readFileSync(modulePath)) !== state.output) return `${modulePath} was changed since it was built`;
  return changedInput(state.inputs, inputs);
}

export function recordBuild(outDir: string, policy: string, inputs: BuildInputs, module: Uint8Array, compiler: CompilerRecord): BuildState {
  const state: BuildState = { inputs, output: hashModule(module), compiler };
  writeFileAtomically(statePath(outDir, policy), JSON.stringify(state, null, 2) + "\n");
  return state;
}
