// `--help` and flag parsing must not load the heavy modules (the Kubernetes client, undici,
// assemblyscript, ajv, the YAML libraries, the server): the registry and everything it
// imports statically may import only Node's own modules. Runs are imported on demand.
import { readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { PROJECT } from "../support/project.ts";

const REGISTRY = join(PROJECT.root, "src/cli/registry.ts");
const MAIN = join(PROJECT.root, "src/cli/main.ts");

/** The specifiers a TypeScript file imports at load time: not `import type`, not `import()`. */
function staticImports(file: string): string[] {
  const source = readFileSync(file, "utf8");
  const specifiers: string[] = [];
  for (const [, clause, specifier] of source.matchAll(/^(?:import|export)\s+([^;]*?)\s*from\s+"([^"]+)"/gms)) {
    if (/^type\s/.test(clause)) continue;
    specifiers.push(specifier);
  }
  for (const [, specifier] of source.matchAll(/^import\s+"([^"]+)"/gm)) specifiers.push(specifier);
  return specifiers;
}

/** Every file reached from `entry` by static imports, and the packages they name. */
function staticGraph(entry: string): { files: string[]; packages: Map<string, string> } {
  const files = new Set<string>(), packages = new Map<string, string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    for (const specifier of staticImports(file)) {
      if (specifier.startsWith(".")) visit(resolve(dirname(file), specifier));
      else packages.set(specifier, relative(PROJECT.root, file));
    }
  };
  visit(entry);
  return { files: [...files], packages };
}

describe("the command declarations", () => {
  it("import nothing but Node's own modules when loaded", () => {
    for (const entry of [MAIN, REGISTRY]) {
      const { packages } = staticGraph(entry);
      const foreign = [...packages].filter(([name]) => !name.startsWith("node:")).map(([name, from]) => `${name} (from ${from})`);
      expect(foreign).toEqual([]);
    }
  });

  it("reach no action and no server before a command runs", () => {
    const reached = staticGraph(MAIN).files.map((f) => relative(PROJECT.root, f));
    expect(reached.filter((f) => f.startsWith("src/cli/actions/") || f.startsWith("src/serve/server"))).toEqual([]);
    expect(reached).toContain("src/cli/commands/serve.ts");
  });

  it("sees through the test's own reading of imports", () => {
    // The check above is only as good as staticImports: it must see a real heavy import.
    const { packages } = staticGraph(join(PROJECT.root, "src/cli/actions/serve.ts"));
    expect([...packages.keys()].some((name) => !name.startsWith("node:"))).toBe(true);
  });
});
