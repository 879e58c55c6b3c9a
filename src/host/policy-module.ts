// A compiled policy module with its embedded metadata, ready to instantiate
// many times (policy-server precompiles once and instantiates per evaluation).
import { readFile } from "node:fs/promises";
import { createHash } from "node:crypto";
import { basename } from "node:path";
import { readPolicyMetadata, type PolicyMetadata } from "../wasm/policy-metadata.ts";
import { isWasm } from "../wasm/module-info.ts";

export class PolicyModule {
  private constructor(
    readonly name: string,
    readonly bytes: Uint8Array,
    readonly module: WebAssembly.Module,
    readonly metadata: PolicyMetadata | null,
  ) {}

  /** sha256 of the module bytes, as an OCI digest. */
  get digest(): string {
    return "sha256:" + createHash("sha256").update(this.bytes).digest("hex");
  }

  static async fromBytes(bytes: Uint8Array, name = "policy"): Promise<PolicyModule> {
    if (!isWasm(bytes)) throw new Error(`${name} is not a WebAssembly module`);
    const module = await WebAssembly.compile(bytes as Uint8Array<ArrayBuffer>);
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
