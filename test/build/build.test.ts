// The build: loading-rule audit, metadata section, and refusal of bad modules.
import { describe, expect, it } from "vitest";
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { auditModule } from "../../src/build/audit.ts";
import { embeddedUsage, usageFromReadme } from "../../src/build/metadata.ts";
import { buildPolicy } from "../../src/build/build-policy.ts";
import { compileTestModule } from "../support/compiled-modules.ts";
import { customSections, readModuleInfo, withCustomSection } from "../../src/wasm/module-info.ts";
import { readPolicyMetadata } from "../../src/wasm/policy-metadata.ts";
import { PROJECT } from "../support/project.ts";
import { projectCopy } from "../support/project-copy.ts";
import { builtModulePath, POLICY_NAMES } from "../support/policies.ts";

describe.each(POLICY_NAMES)("dist/%s.wasm", (name) => {
  const bytes = () => readFileSync(builtModulePath(name));

  it("passes the loading rules: only wapc imports, memory and __guest_call exported", () => {
    expect(auditModule(bytes())).toEqual([]);
    expect(readModuleInfo(bytes()).imports.every((i) => i.module === "wapc")).toBe(true);
  });

  it("carries exactly one metadata section with Kubewarden's defaults", () => {
    expect(customSections(bytes(), "io.kubewarden.metadata")).toHaveLength(1);
    const metadata = readPolicyMetadata(bytes());
    expect(metadata).toMatchObject({ protocolVersion: "v1", executionMode: "kubewarden-wapc", policyType: "kubernetes" });
    expect(typeof metadata.backgroundAudit).toBe("boolean");
    expect(metadata.rules.length).toBeGreaterThan(0);
    expect(typeof metadata.mutating).toBe("boolean");
    expect(metadata.annotations?.["io.kubewarden.policy.title"]).toBe(name);
    expect(metadata.annotations?.["io.kubewarden.policy.version"]).toBe(PROJECT.version);
  });
});

describe("the loading-rule audit", () => {
  it("names a forbidden import and a wrongly typed __guest_call", async () => {
    const bytes = await compileTestModule(join(PROJECT.root, "test/guest-modules/forbidden-import.ts"));
    expect(auditModule(bytes)).toEqual([
      "imports env.now, which Kubewarden does not provide (only wapc.* and wasi_snapshot_preview1.*)",
      "exports __guest_call as (i64) -> (i32), expected (i32, i32) -> (i32)",
    ]);
  });

  it("makes the build fail with those sentences", async () => {
    const copy = projectCopy("build");
    const root = copy.root;
    mkdirSync(join(root, "policies/broken/assembly"), { recursive: true });
    const source = readFileSync(join(PROJECT.root, "test/guest-modules/forbidden-import.ts"), "utf8");
    writeFileSync(join(root, "policies/broken/assembly/index.ts"), source);
    writeFileSync(join(root, "policies/broken/metadata.yml"), "rules: []\nmutating: false\n");
    await expect(buildPolicy(copy, copy.policy("broken"))).rejects.toThrow(/^broken: the module would not load in Kubewarden:\n  - imports env\.now/);
  });
});

describe("custom sections", () => {
  it("replaces every earlier section of the same name so readers see the new one first", () => {
    const empty = Uint8Array.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]);
    const once = withCustomSection(empty, "io.kubewarden.metadata", new TextEncoder().encode('{"a":1}'));
    const twice = withCustomSection(once, "io.kubewarden.metadata", new TextEncoder().encode('{"a":2}'));
    expect(customSections(twice, "io.kubewarden.metadata").map((s) => new TextDecoder().decode(s))).toEqual(['{"a":2}']);
    expect(() => new WebAssembly.Module(twice as Uint8Array<ArrayBuffer>)).not.toThrow();
  });
});

describe("usage text", () => {
  it("is the README's Settings section, so the module carries only the settings documentation", () => {
    const readme = "# p\n\nIntro.\n\n## Settings\n\n| a | b |\n\n### `x`\n\nexample\n\n## Rejection\n\nmessage\n";
    expect(usageFromReadme(readme)).toBe("## Settings\n\n| a | b |\n\n### `x`\n\nexample\n");
    expect(usageFromReadme("# p\n\nno settings here\n")).toBe("# p\n\nno settings here\n");
  });

  it("leaves the section's fenced examples out of the module, which carries every byte of it", () => {
    const readme = "## Settings\n\n### `x`\n\nSets x.\n\n```yaml\nx: 1\n```\n\nMore.\n\n```\nplain\n```\n";
    expect(embeddedUsage(readme)).toBe("## Settings\n\n### `x`\n\nSets x.\n\nMore.\n");
    expect(embeddedUsage("## Settings\n\n    ```yaml\n    indented: kept\n    ```\n")).toBe("## Settings\n\n    ```yaml\n    indented: kept\n    ```\n");
  });

  it("is embedded in every built module", () => {
    for (const name of POLICY_NAMES) {
      expect(readPolicyMetadata(readFileSync(builtModulePath(name))).annotations?.["io.kubewarden.policy.usage"]).toMatch(/^## Settings\n/);
    }
  });

  it("fails the build when the README documents a setting the policy does not read, naming the line", async () => {
    const copy = projectCopy("documented-settings", ["policies/required-labels"]);
    const readmePath = copy.policy("required-labels").readme;
    const original = readFileSync(readmePath, "utf8");
    const stale = original.replace("## Settings\n", "## Settings\n\n### `deniedNames` (list of strings)\n\n```yaml\nrequiredLabels: [owner]\ndeniedNames: [forbidden]\n```\n");
    writeFileSync(readmePath, stale);
    const headingLine = stale.split("\n").indexOf("### `deniedNames` (list of strings)") + 1;
    const failure = buildPolicy(copy, copy.policy("required-labels"));
    await expect(failure).rejects.toThrow(/^required-labels: its README documents settings the policy does not accept:\n/);
    await expect(buildPolicy(copy, copy.policy("required-labels"))).rejects.toThrow(
      `README.md:${headingLine}: setting \`deniedNames\`: unknown setting 'deniedNames'; known settings: `,
    );
    await expect(buildPolicy(copy, copy.policy("required-labels"))).rejects.toThrow(`README.md:${headingLine + 2}: example: unknown setting 'deniedNames'`);
    writeFileSync(readmePath, original);
    await expect(buildPolicy(copy, copy.policy("required-labels"))).resolves.toMatchObject({ name: "required-labels" });
  });
});
