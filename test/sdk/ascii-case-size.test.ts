// asciiLower exists so a policy need not carry AssemblyScript's Unicode case
// tables: two policies that differ only in how they lower-case a name
// (test/guest-modules/lower-case-*.ts) are compiled and compared.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PolicyEvaluator } from "../../src/host/evaluator.ts";
import { wrapObject } from "../../src/host/wrap-object.ts";
import { compileTestModule } from "../support/compiled-modules.ts";
import { compileGuestModule } from "../support/guest-modules.ts";
import { PROJECT } from "../support/project.ts";

/** With AssemblyScript 0.28.20 the toLowerCase module is 27,225 B and the asciiLower one 19,552 B: 7,673 B apart. */
const UNICODE_TABLES_AT_LEAST = 7_000;

function moduleBytes(name: string): Promise<Uint8Array> {
  return compileTestModule(join(PROJECT.root, "test", "guest-modules", `${name}.ts`));
}

describe("asciiLower", () => {
  it("keeps the Unicode case tables out of a module", async () => {
    const [unicode, ascii] = await Promise.all([moduleBytes("lower-case-unicode"), moduleBytes("lower-case-ascii")]);
    expect(unicode.length - ascii.length).toBeGreaterThan(UNICODE_TABLES_AT_LEAST);
  });

  it("lower-cases the ASCII letters of a name as toLowerCase does", async () => {
    const request = wrapObject({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "Web-APP.v2" } });
    for (const name of ["lower-case-unicode", "lower-case-ascii"]) {
      const evaluation = new PolicyEvaluator(await compileGuestModule(name)).validate(request, {});
      expect(evaluation.admission.warnings).toEqual(["web-app.v2"]);
    }
  });
});
