// The SPDX 2.3 SBOM `build` writes beside each module, in a throwaway project whose policy
// also imports an AssemblyScript package of its own: every package the compiler read is
// named with its version, purl and package-lock integrity, the compiler with its flags,
// the module with its sha256; the same inputs give the same bytes.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import { appendFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { buildIfChanged } from "../../src/build/incremental-build.ts";
import { creationTime, sbomPath } from "../../src/build/sbom.ts";
import { integrityChecksums, npmPurl } from "../../src/build/spdx-package.ts";
import type { SpdxDocument } from "../../src/build/spdx-document.ts";
import type { Project } from "../../src/project/project.ts";
import { PROJECT } from "../support/project.ts";
import { projectCopy } from "../support/project-copy.ts";

const POLICY = "required-labels";
const DEPENDENCY = { name: "as-greeting", version: "1.2.3", integrity: `sha512-${createHash("sha512").update("as-greeting").digest("base64")}` };
let copy: Project;
let root: string;

/** An AssemblyScript package in the copy's node_modules, imported by the policy, and a lock that records it. */
function addDependency(): void {
  const dir = join(root, "node_modules", DEPENDENCY.name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: DEPENDENCY.name, version: DEPENDENCY.version, license: "MIT" }));
  writeFileSync(join(dir, "index.ts"), "export function greeting(): string { return \"hello\"; }\n");
  appendFileSync(join(root, "policies", POLICY, "assembly", "index.ts"), `import { greeting } from "${DEPENDENCY.name}";\nexport function hello(): string { return greeting(); }\n`);
  const real = JSON.parse(readFileSync(join(PROJECT.root, "package-lock.json"), "utf8")) as { packages: Record<string, unknown> };
  const packages = { ...real.packages, [`node_modules/${DEPENDENCY.name}`]: { version: DEPENDENCY.version, integrity: DEPENDENCY.integrity, license: "MIT" } };
  writeFileSync(join(root, "package-lock.json"), JSON.stringify({ lockfileVersion: 3, packages }));
}

const sbom = () => JSON.parse(readFileSync(sbomPath(join(root, "dist"), POLICY), "utf8")) as SpdxDocument;
const build = (force = false) => buildIfChanged(copy, copy.policy(POLICY), undefined, { force });

beforeAll(() => {
  copy = projectCopy("sbom", [`policies/${POLICY}`], { ownSdk: true });
  root = copy.root;
  addDependency();
});
afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

describe("the SBOM of a built module", () => {
  it("names the module by its sha256 and every package compiled into it, with version, purl and integrity", async () => {
    const outcome = await build();
    expect(outcome.sbom).toBe(join(root, "dist", `${POLICY}.spdx.json`));
    const document = sbom();
    expect(document).toMatchObject({ spdxVersion: "SPDX-2.3", dataLicense: "CC0-1.0", SPDXID: "SPDXRef-DOCUMENT", name: `${POLICY}-${copy.version}` });
    const moduleSha = createHash("sha256").update(readFileSync(outcome.path)).digest("hex");
    const [module, ...others] = document.packages;
    expect(module).toMatchObject({ name: POLICY, versionInfo: copy.version, checksums: [{ algorithm: "SHA256", checksumValue: moduleSha }] });
    expect(document.documentNamespace).toContain(moduleSha);
    const byName = Object.fromEntries(others.map((p) => [p.name, p]));
    expect(Object.keys(byName).sort()).toEqual(["@wardenkit/sdk", "as-greeting", "assemblyscript", "binaryen", "json-as"]);
    expect(byName["as-greeting"]).toMatchObject({
      versionInfo: "1.2.3",
      licenseDeclared: "MIT",
      checksums: integrityChecksums(DEPENDENCY.integrity),
      externalRefs: [{ referenceCategory: "PACKAGE-MANAGER", referenceType: "purl", referenceLocator: "pkg:npm/as-greeting@1.2.3" }],
    });
    const lock = JSON.parse(readFileSync(join(PROJECT.root, "package-lock.json"), "utf8")) as { packages: Record<string, { version: string; integrity: string }> };
    expect(byName.assemblyscript.versionInfo).toBe(lock.packages["node_modules/assemblyscript"].version);
    expect(byName.assemblyscript.checksums).toEqual(integrityChecksums(lock.packages["node_modules/assemblyscript"].integrity));
    expect(byName["json-as"].checksums).toEqual(integrityChecksums(lock.packages["node_modules/json-as"].integrity));
    expect(byName["@wardenkit/sdk"].comment).toMatch(/linked from the workspace folder/);
  });

  it("relates the module to what was compiled in and what built it, with the compiler's flags", () => {
    const document = sbom();
    const id = (name: string) => document.packages.find((p) => p.name === name)!.SPDXID;
    const module = id(POLICY);
    expect(document.relationships).toContainEqual({ spdxElementId: "SPDXRef-DOCUMENT", relationshipType: "DESCRIBES", relatedSpdxElement: module });
    for (const name of ["@wardenkit/sdk", "as-greeting"]) {
      expect(document.relationships).toContainEqual({ spdxElementId: module, relationshipType: "STATIC_LINK", relatedSpdxElement: id(name) });
    }
    for (const name of ["assemblyscript", "json-as", "binaryen"]) {
      expect(document.relationships).toContainEqual({ spdxElementId: id(name), relationshipType: "BUILD_TOOL_OF", relatedSpdxElement: module });
    }
    const flags = document.packages[0].comment!;
    expect(flags).toContain(`asc policies/${POLICY}/assembly/index.ts --config asconfig.json --target release`);
    expect(flags).toContain('"optimizeLevel":3');
    expect(flags).toContain('"transform":["json-as/transform"]');
  });

  it("is the same bytes when the module is built again from the same inputs", async () => {
    const before = readFileSync(sbomPath(join(root, "dist"), POLICY));
    await build(true);
    expect(readFileSync(sbomPath(join(root, "dist"), POLICY))).toEqual(before);
  });

  it("is written again without compiling when it is missing beside an up-to-date module", async () => {
    const before = readFileSync(sbomPath(join(root, "dist"), POLICY));
    rmSync(sbomPath(join(root, "dist"), POLICY));
    expect((await build()).upToDate).toBe(true);
    expect(readFileSync(sbomPath(join(root, "dist"), POLICY))).toEqual(before);
  });
});

describe("SBOM parts", () => {
  it("dates the document from SOURCE_DATE_EPOCH, else the epoch, and refuses a date that is not whole seconds", () => {
    expect(creationTime({})).toBe("1970-01-01T00:00:00Z");
    expect(creationTime({ SOURCE_DATE_EPOCH: "1700000000" })).toBe("2023-11-14T22:13:20Z");
    expect(() => creationTime({ SOURCE_DATE_EPOCH: "yesterday" })).toThrow('SOURCE_DATE_EPOCH must be whole seconds since 1970, not "yesterday"');
  });

  it("writes a scoped package's purl with its @ encoded and an integrity string as hexadecimal checksums", () => {
    expect(npmPurl("@wardenkit/sdk", "0.1.0")).toBe("pkg:npm/%40wardenkit/sdk@0.1.0");
    expect(integrityChecksums("sha512-AAEC sha1-/w== md5-AA==")).toEqual([
      { algorithm: "SHA512", checksumValue: "000102" },
      { algorithm: "SHA1", checksumValue: "ff" },
    ]);
  });
});
