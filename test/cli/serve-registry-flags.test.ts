// serve reaches registries with the flags every other command uses (--insecure, --ca-file,
// --max-module-size); --insecure-registry, its documented former name, still works.
import { describe, expect, it } from "vitest";
import { parseCommandLine } from "../../src/cli/command-line.ts";
import { serve } from "../../src/cli/commands/serve.ts";
import { pull } from "../../src/cli/commands/pull.ts";
import { registryOptions } from "../../src/cli/actions/serve-plan.ts";
import type { CommandInput } from "../../src/cli/command.ts";
import type { ServeFlags } from "../../src/cli/commands/serve.ts";

const options = (argv: string[]) => registryOptions(parseCommandLine(serve, argv).flags as CommandInput<ServeFlags>["flags"]);

describe("serve's registry flags", () => {
  it("are pull's, with the same meaning", () => {
    for (const flag of ["insecure", "ca-file", "max-module-size"]) {
      expect(Object.keys(serve.flags)).toContain(flag);
      expect((serve.flags as Record<string, unknown>)[flag]).toEqual((pull.flags as Record<string, unknown>)[flag]);
    }
    expect(options(["--insecure", "--ca-file", "ca.pem", "--max-module-size", "2"])).toEqual({ insecure: true, caFile: "ca.pem", maxModuleBytes: 2 * 1024 * 1024 });
  });

  it("accept --insecure-registry as --insecure", () => {
    expect(options(["--insecure-registry"]).insecure).toBe(true);
    expect(options([]).insecure).toBe(false);
  });
});
