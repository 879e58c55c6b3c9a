// A module built the old way: AssemblyScript without `--exportStart _start` puts its top-level
// initialisation in a wasm start section, the shape policy-server cannot load.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PROJECT_ROOT } from "../../src/project.ts";
import { compileTestModule } from "./compiled-modules.ts";

export const START_PROBE = join(PROJECT_ROOT, "test", "guest-modules", "abort-probe.ts");

/** Compiles `entry` with the project's asconfig.json less its exportStart. */
export async function compileWithStartSection(entry = START_PROBE): Promise<Uint8Array> {
  const config = JSON.parse(readFileSync(join(PROJECT_ROOT, "asconfig.json"), "utf8"));
  delete config.options.exportStart;
  // Kept under a fixed name, so that the compiled module is cached by its contents.
  mkdirSync(join(PROJECT_ROOT, "build"), { recursive: true });
  const path = join("build", "asconfig-start-section.json");
  const partial = join(PROJECT_ROOT, `${path}.${process.pid}`); // renamed into place: a compile never reads half a file
  writeFileSync(partial, JSON.stringify(config));
  renameSync(partial, join(PROJECT_ROOT, path));
  return compileTestModule(entry, path);
}
