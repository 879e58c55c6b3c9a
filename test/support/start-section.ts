// A module built the old way: AssemblyScript without `--exportStart _start` puts its top-level
// initialisation in a wasm start section, the shape policy-server cannot load.
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PROJECT_ROOT } from "../../src/project.ts";
import { compileAssemblyScript } from "../../src/build/compile.ts";

export const START_PROBE = join(PROJECT_ROOT, "test", "guest-modules", "abort-probe.ts");

/** Compiles `entry` with the project's asconfig.json less its exportStart. */
export async function compileWithStartSection(entry = START_PROBE): Promise<Uint8Array> {
  const config = JSON.parse(readFileSync(join(PROJECT_ROOT, "asconfig.json"), "utf8"));
  delete config.options.exportStart;
  const path = join(PROJECT_ROOT, "build", `asconfig-start-section-${process.pid}.json`);
  writeFileSync(path, JSON.stringify(config));
  try {
    return await compileAssemblyScript(PROJECT_ROOT, entry, "release", path);
  } finally {
    rmSync(path, { force: true });
  }
}
