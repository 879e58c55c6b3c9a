// metadata.yml read and checked once: what the build embeds and Artifact Hub shows come from
// the same reader, so a file one accepts the other accepts too. Each refusal is one sentence
// naming the file.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { buildMetadata } from "../../src/build/metadata.ts";
import { generateArtifactHubFile } from "../../src/manifests/artifacthub.ts";
import { MetadataError, readMetadataFile } from "../../src/project/metadata-file.ts";

const RULE = `  - apiGroups: [""]\n    apiVersions: ["v1"]\n    resources: ["pods"]\n    operations: ["CREATE"]\n`;
const VALID = `rules:\n${RULE}mutating: false\n`;

let file: string;
beforeEach(() => {
  const dir = join(mkdtempSync(join(tmpdir(), "wardenkit-metadata-")), "labels");
  mkdirSync(dir);
  file = join(dir, "metadata.yml");
});

function refusal(text: string): string {
  writeFileSync(file, text);
  try {
    readMetadataFile(file);
  } catch (err) {
    expect(err).toBeInstanceOf(MetadataError);
    return (err as Error).message;
  }
  throw new Error("the metadata was accepted");
}

describe("readMetadataFile", () => {
  it("reads rules, mutating and what is optional, with an empty list and mapping when absent", () => {
    writeFileSync(file, `${VALID}backgroundAudit: false\nannotations:\n  io.kubewarden.policy.title: labels\n`);
    expect(readMetadataFile(file)).toEqual({
      rules: [{ apiGroups: [""], apiVersions: ["v1"], resources: ["pods"], operations: ["CREATE"] }],
      mutating: false,
      backgroundAudit: false,
      contextAwareResources: [],
      annotations: { "io.kubewarden.policy.title": "labels" },
    });
    writeFileSync(file, "rules: []\nmutating: true\n");
    expect(readMetadataFile(file)).toMatchObject({ rules: [], mutating: true });
  });

  it.each([
    ["- a list", ": expected a mapping with rules and mutating"],
    ["mutating: false", ": rules must be a list (it may be empty)"],
    ["rules: []", ": mutating must be true or false"],
    ["rules: []\nmutating: 'no'", ": mutating must be true or false"],
    [`${VALID}backgroundAudit: 'false'`, ": backgroundAudit must be true or false"],
    [`${VALID}executionMode: wasi`, ": executionMode must be kubewarden-wapc for an AssemblyScript policy"],
    [`${VALID}contextAwareResources: {kind: Pod}`, ": contextAwareResources must be a list of {apiVersion, kind}"],
    [`${VALID}contextAwareResources: [{kind: Pod}]`, ": contextAwareResources must be a list of {apiVersion, kind}"],
    [`${VALID}annotations: [a]`, ": annotations must be a mapping of names to strings"],
    [`${VALID}annotations: {io.kubewarden.policy.version: 1.0}`, ": annotation io.kubewarden.policy.version must be a string; quote it"],
    ["rules: [pods]\nmutating: false", ": rules[0] must be a mapping"],
    [VALID.replace('["CREATE"]', "[]"), ": rules[0].operations must be a non-empty list of strings"],
    [VALID.replace('["CREATE"]', '["CREATE", "*"]'), ": rules[0].operations: '*' must be alone in its list"],
    [VALID.replace('["CREATE"]', '["PATCH"]'), ": rules[0].operations: 'PATCH' is not CREATE, UPDATE, DELETE, CONNECT or *"],
    [VALID.replace('[""]', "core"), ": rules[0].apiGroups must be a non-empty list of strings"],
    [VALID.replace('["v1"]', "[1]"), ": rules[0].apiVersions must be a non-empty list of strings"],
    [VALID.replace('["pods"]', "[]"), ": rules[0].resources must be a non-empty list of strings"],
  ])("refuses %j", (text, why) => {
    expect(refusal(text)).toBe(`${file}${why}`);
  });

  it("refuses a file that is not YAML with the parser's first line", () => {
    expect(refusal("a: [")).toBe(`${file} is not valid YAML: Flow sequence in block collection must be sufficiently indented and end with a ] at line 1, column 5:`);
  });

  it("refuses a missing file, naming it", () => {
    expect(() => readMetadataFile(file)).toThrow(`${file} is missing: every policy needs rules and mutating`);
  });

  it("is the reader of both the build and Artifact Hub: a file one refuses, the other refuses alike", () => {
    writeFileSync(file, `${VALID}contextAwareResources: [{kind: Pod}]\n`);
    const message = `${file}: contextAwareResources must be a list of {apiVersion, kind}`;
    expect(() => buildMetadata({ file, policyName: "labels", version: "1.0.0" })).toThrow(message);
    expect(() => generateArtifactHubFile(join(file, ".."), "1.0.0")).toThrow(message);
  });
});
