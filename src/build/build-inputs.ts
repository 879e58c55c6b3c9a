// Everything a policy's module is made from, each with a content hash: its sources, the
// SDK, asconfig.json, metadata.yml and README.md, the project version (it is in the
// metadata), the compiler and transform versions and the build steps themselves.
// Two builds with equal inputs produce the same module, so the second can be skipped.
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { PACKAGE_ROOT } from "../io/package-root.ts";
import type { PolicySource } from "../project/policies.ts";
import { SDK_PACKAGE, sdkPackageDir } from "./sdk-package.ts";

/** Input name (a path relative to the project, or `name:` for a non-file) → sha256 or version. */
export type BuildInputs = Record<string, string>;

/** The packages whose versions decide what the compiler emits. */
const COMPILER_PACKAGES = ["assemblyscript", "json-as"];
/**
 * The build steps of this tool (build/ and wasm/): compiling, auditing and embedding the
 * metadata. Always their compiled form in lib/ when there is one, as the package ships it,
 * so that a build run from the sources (tests, benchmarks) and one run by the installed
 * command agree on what the builder is.
 */
const COMPILED_BUILD_DIR = join(PACKAGE_ROOT, "lib", "build");
const BUILD_DIR = existsSync(COMPILED_BUILD_DIR) ? COMPILED_BUILD_DIR : dirname(fileURLToPath(import.meta.url));
const BUILDER_DIRS = [BUILD_DIR, join(BUILD_DIR, "..", "wasm")];

function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** Every file below `dir`, sorted, as absolute paths; none when it does not exist. */
export function filesBelow(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).sort().flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? filesBelow(path) : [path];
  });
}

function hashFiles(into: BuildInputs, base: string, paths: string[], prefix = ""): void {
  for (const path of paths) if (existsSync(path)) into[prefix + relative(base, path)] = sha256(readFileSync(path));
}

function packageVersion(root: string, name: string): string {
  try {
    return (JSON.parse(readFileSync(join(root, "node_modules", name, "package.json"), "utf8")) as { version: string }).version;
  } catch {
    return "not installed";
  }
}

/** `version` is the project's: it is in the metadata. */
export function buildInputs(root: string, source: PolicySource, version: string): BuildInputs {
  const inputs: BuildInputs = {};
  const sdk = sdkPackageDir(root);
  hashFiles(inputs, root, [...filesBelow(join(source.dir, "assembly")), source.metadataFile, source.readme, join(root, "asconfig.json")]);
  // The SDK by its place in the package, wherever node_modules links it from.
  if (sdk) hashFiles(inputs, sdk, filesBelow(sdk), `${SDK_PACKAGE}/`);
  else inputs[`version:${SDK_PACKAGE}`] = "not installed";
  inputs["version:project"] = version;
  for (const name of COMPILER_PACKAGES) inputs[`version:${name}`] = packageVersion(root, name);
  hashFiles(inputs, PACKAGE_ROOT, BUILDER_DIRS.flatMap(filesBelow), "builder:");
  return inputs;
}

/** The first input that differs between two builds, in words; null when none does. */
export function changedInput(before: BuildInputs, now: BuildInputs): string | null {
  for (const [name, value] of Object.entries(now)) {
    if (!(name in before)) return `${name} is new`;
    if (before[name] !== value) return `${name} changed`;
  }
  const removed = Object.keys(before).find((name) => !(name in now));
  return removed ? `${removed} was removed` : null;
}

export function hashModule(bytes: Uint8Array): string {
  return sha256(bytes);
}
