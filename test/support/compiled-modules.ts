// AssemblyScript modules the tests compile themselves (guest modules, a module the old way),
// kept in build/test-modules under a hash of what they are made from: the entry's folder, the
// SDK, the config, the compiler's version and the compile step. Compiling is the slow part of
// those tests; a second `make test` compiles none of them again.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { basename, dirname, join, relative } from "node:path";
import { compileAssemblyScript } from "../../src/build/compile.ts";
import { filesBelow } from "../../src/build/build-inputs.ts";
import { PROJECT } from "./project.ts";

const CACHE_DIR = join(PROJECT.root, "build", "test-modules");
const COMPILER_FILES = ["node_modules/assemblyscript/package.json", "node_modules/json-as/package.json", "src/build/compile.ts", "src/build/compile-worker.mjs"];

function inputsHash(entry: string, config: string): string {
  const hash = createHash("sha256");
  const files = [...filesBelow(dirname(entry)), ...filesBelow(join(PROJECT.root, "sdk")), ...COMPILER_FILES.map((f) => join(PROJECT.root, f)), join(PROJECT.root, config)];
  for (const file of files) hash.update(`${relative(PROJECT.root, file)}\0`).update(readFileSync(file));
  return hash.update(relative(PROJECT.root, entry)).digest("hex").slice(0, 16);
}

/** `compileAssemblyScript(PROJECT.root, entry, "release", config)`, compiled once per set of inputs. */
export async function compileTestModule(entry: string, config = "asconfig.json"): Promise<Uint8Array> {
  const cached = join(CACHE_DIR, `${basename(entry, ".ts")}-${basename(config, ".json")}-${inputsHash(entry, config)}.wasm`);
  if (existsSync(cached)) return new Uint8Array(readFileSync(cached));
  const bytes = await compileAssemblyScript(PROJECT.root, entry, "release", config);
  mkdirSync(CACHE_DIR, { recursive: true });
  const partial = `${cached}.${process.pid}.partial`; // renamed into place: another worker never reads half a file
  writeFileSync(partial, bytes);
  renameSync(partial, cached);
  return bytes;
}
