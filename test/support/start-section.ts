// A module built the old way: AssemblyScript without `--exportStart _start` puts its top-level
// initialisation in a wasm start section, the shape policy-server cannot load.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PROJECT } from "./project.ts";
import { compileAssemblyScript } from "../../src/build/compile.ts";
import { sdkPackageDir } from "../../src/build/sdk-package.ts";

export const START_PROBE = join(PROJECT.root, "test", "guest-modules", "abort-probe.ts");

/** Compiles `entry` with the SDK's asconfig.json (which the project's extends) less its exportStart. */
export async function compileWithStartSection(entry = START_PROBE): Promise<Uint8Array> {
  const config = JSON.parse(readFileSync(join(sdkPackageDir(PROJECT.root)!, "asconfig.json"), "utf8"));
  delete config.options.exportStart;
  const path = join(PROJECT.root, "build", `asconfig-start-section-${process.pid}.json`);
  mkdirSync(join(PROJECT.root, "build"), { recursive: true });
  writeFileSync(path, JSON.stringify(config));
  try {
    return await compileAssemblyScript(PROJECT.root, entry, "release", path);
  } finally {
    rmSync(path, { force: true });
  }
}
