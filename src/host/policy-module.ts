// A compiled policy module with its embedded metadata, ready to instantiate
// many times (policy-server precompiles once and instantiates per evaluation).
import { readFile } from "node:fs/promises";
import { sha256Digest } from "../kubewarden/digest.ts";
import { basename } from "node:path";
import { readPolicyMetadata, type PolicyMetadata } from "../wasm/policy-metadata.ts";
import { isWasm, readModuleInfo } from "../wasm/module-info.ts";
import { startSectionProblem } from "../wasm/start-section.ts";

/** The waPC entry point every policy exports. */
const GUEST_CALL = "__guest_call";

export class PolicyModule {
  private constructor(
    readonly name: string,
    readonly bytes: Uint8Array,
    readonly module: WebAssembly.Module,
    readonly metadata: PolicyMetadata | null,
  ) {}

  /** sha256 of the module bytes, as an OCI digest. */
  get digest(): string {
    return PolicyModule.digestOf(this.bytes);
  }

  static digestOf(bytes: Uint8Array): string {
    return sha256Digest(bytes);
  }

  static async fromBytes(bytes: Uint8Array, name = "policy"): Promise<PolicyModule> {
    if (!isWasm(bytes)) throw new Error(`${name} is not a WebAssembly module`);
    const module = await WebAssembly.compile(bytes as Uint8Array<ArrayBuffer>);
    // Refused as policy-server would refuse it, so no test passes on a module it cannot load.
    const startProblem = startSectionProblem(readModuleInfo(bytes));
    if (startProblem) throw new Error(`${name} ${startProblem}`);
    if (!WebAssembly.Module.exports(module).some((e) => e.name === GUEST_CALL && e.kind === "function")) {
      throw new Error(`${name} is not a Kubewarden policy: it has no ${GUEST_CALL} export`);
    }
    let metadata: PolicyMetadata | null = null;
    try {
      metadata = readPolicyMetadata(bytes);
    } catch {
      metadata = null; // un-annotated modules still run, as with `kwctl run`
    }
    return new PolicyModule(name, bytes, module, metadata);
  }

  static async fromFile(path: string): Promise<PolicyModule> {
    let bytes: Uint8Array;
    try {
      bytes = await readFile(path);
    } catch (err) {
      throw new Error(`cannot read module ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
    return PolicyModule.fromBytes(bytes, basename(path, ".wasm"));
  }
}
