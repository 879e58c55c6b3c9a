// Small but valid policy modules for tests: the empty module, optionally padded with a
// large custom section, plus a Kubewarden metadata section.
import { withCustomSection } from "../../src/wasm/module-info.ts";
import { METADATA_SECTION, type PolicyMetadata } from "../../src/wasm/policy-metadata.ts";

export const EMPTY_MODULE = Uint8Array.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);

export const TEST_ANNOTATIONS: Record<string, string> = {
  "io.kubewarden.policy.title": "test-policy",
  "io.kubewarden.policy.version": "0.1.0",
  "io.kubewarden.policy.description": "A policy module made by the tests",
  "io.kubewarden.policy.source": "https://github.com/wardenkit/wardenkit",
  "io.kubewarden.policy.license": "Apache-2.0",
  "io.kubewarden.policy.usage": "# Settings\n\nNone.\n",
};

export function testMetadata(annotations: Record<string, string> = TEST_ANNOTATIONS): PolicyMetadata {
  return {
    protocolVersion: "v1",
    rules: [{ apiGroups: [""], apiVersions: ["v1"], resources: ["pods"], operations: ["CREATE", "UPDATE"] }],
    mutating: false,
    backgroundAudit: true,
    executionMode: "kubewarden-wapc",
    policyType: "kubernetes",
    contextAwareResources: [{ apiVersion: "v1", kind: "Namespace" }],
    annotations,
  };
}

export interface TestModuleOptions {
  metadata?: PolicyMetadata | null;
  /** Bytes of filler in a custom section, to make big modules. */
  padding?: number;
  /** Varies the filler so that modules of equal size differ. */
  seed?: number;
}

export function testModule(options: TestModuleOptions = {}): Uint8Array {
  let wasm: Uint8Array = EMPTY_MODULE;
  if (options.padding) {
    const filler = new Uint8Array(options.padding).map((_, i) => (i * 31 + (options.seed ?? 0)) & 0xff);
    wasm = withCustomSection(wasm, "wardenkit.test.padding", filler);
  }
  const metadata = options.metadata === undefined ? testMetadata() : options.metadata;
  if (metadata) wasm = withCustomSection(wasm, METADATA_SECTION, new TextEncoder().encode(JSON.stringify(metadata)));
  return wasm;
}
