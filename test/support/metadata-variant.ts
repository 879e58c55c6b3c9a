// A built policy whose metadata says something else, as if its metadata.yml had been edited
// and the policy rebuilt: the same code with another io.kubewarden.metadata section, written
// to a temporary folder (outside dist/, so nothing rebuilds it).
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { withCustomSection } from "../../src/wasm/module-info.ts";
import { METADATA_SECTION, readPolicyMetadata, type PolicyMetadata } from "../../src/wasm/policy-metadata.ts";
import { builtModulePath } from "./policies.ts";

/** The path of `policy`'s module with `change` applied to its metadata; the file is named `name`.wasm. */
export function withMetadata(policy: string, change: Partial<PolicyMetadata>, name = policy): string {
  const bytes = readFileSync(builtModulePath(policy));
  const metadata = { ...readPolicyMetadata(bytes), ...change };
  const path = join(mkdtempSync(join(tmpdir(), "wardenkit-metadata-")), `${name}.wasm`);
  writeFileSync(path, withCustomSection(bytes, METADATA_SECTION, new TextEncoder().encode(JSON.stringify(metadata))));
  return path;
}
