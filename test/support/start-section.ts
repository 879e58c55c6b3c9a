// A module built the old way: AssemblyScript without `--exportStart _start` puts its top-level
// initialisation in a wasm start section, the shape policy-server cannot load.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PROJECT } from "./project.ts";
import { sdkPackageDir } from "../../src/build/sdk-package.ts";
import { compileTestModule } from "./compiled-modules.ts";

export const START_PROBE = join(PROJECT.root, "test", "guest-modules", "abort-probe.ts");

/** Compiles `entry` with the SDK's asconfig.json (which the project's extends) less its exportStart. */
export async function compileWithStartSection(entry = START_PROBE): Promise<Uint8Array> {
  const config = JSON.parse(readFileSync(join(sdkPackageDir(PROJECT.root)!, "asconfig.json"), "utf8"));
  delete config.options.exportStart;
  // Kept under a fixed name, so that the compiled module is cached by its contents.
  mkdirSync(join(PROJECT.root, "build"), { recursive: true });
  const path = join("build", "asconfig-start-section.json");
  const partial = join(PROJECT.root, `${path}.${process.pid}`); // renamed into place: a compile never reads half a file
  writeFileSync(partial, JSON.stringify(config));
  renameSync(partial, join(PROJECT.root, path));
  return compileTestModule(entry, path);
}
