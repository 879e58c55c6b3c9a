// One policy from source to dist/<name>.wasm: compile, check the loading
// rules, embed the metadata, and ask the module its protocol version as
// `kwctl annotate` would.
import { existsSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import type { Project } from "../project/project.ts";
import { compileModule } from "./compile.ts";
import { compilerRecord, type CompilerRecord } from "./compiler-record.ts";
import { auditModule, WOULD_NOT_LOAD } from "./audit.ts";
import { buildMetadata } from "./metadata.ts";
import { documentedSettingsProblems } from "./documented-settings.ts";
import type { PolicySource } from "../project/policies.ts";
import { withCustomSection } from "../wasm/module-info.ts";
import { METADATA_SECTION } from "../wasm/policy-metadata.ts";
import { PolicyModule } from "../host/policy-module.ts";
import { PolicyEvaluator } from "../host/evaluator.ts";
import { writeFileAtomically } from "../io/atomic-file.ts";

export class BuildError extends Error {}

export interface BuiltPolicy {
  name: string;
  path: string;
  size: number;
  milliseconds: number;
  /** The module as written. */
  bytes: Uint8Array;
  /** What the compiler read and ran with. */
  compiler: CompilerRecord;
}

export async function buildPolicy(project: Project, source: PolicySource, outDir = project.folders.dist): Promise<BuiltPolicy> {
  const started = performance.now();
  const readme = existsSync(source.readme) ? readFileSync(source.readme, "utf8") : undefined;
  const metadata = buildMetadata({ file: source.metadataFile, policyName: source.name, version: project.version, readme });
  const compilation = await compileModule(project.root, source.entry);
  const compiled = compilation.binary;
  const problems = auditModule(compiled);
  if (problems.length > 0) {
    throw new BuildError(`${source.name}: ${WOULD_NOT_LOAD}:\n  - ${problems.join("\n  - ")}`);
  }
  const wasm = withCustomSection(compiled, METADATA_SECTION, new TextEncoder().encode(JSON.stringify(metadata)));
  const evaluator = new PolicyEvaluator(await PolicyModule.fromBytes(wasm, source.name));
  const version = evaluator.protocolVersion();
  if (version !== "v1") throw new BuildError(`${source.name}: protocol_version answered ${JSON.stringify(version)}, expected "v1"`);
  const undocumented = readme === undefined ? [] : documentedSettingsProblems(evaluator, readme, relative(process.cwd(), source.readme) || source.readme);
  if (undocumented.length > 0) {
    throw new BuildError(`${source.name}: its README documents settings the policy does not accept:\n  - ${undocumented.join("\n  - ")}`);
  }
  const path = join(outDir, `${source.name}.wasm`);
  writeFileAtomically(path, wasm);
  return { name: source.name, path, size: wasm.length, milliseconds: performance.now() - started, bytes: wasm, compiler: compilerRecord(project.root, compilation) };
}
