// src/ is a house with floors (docs/architecture.md, "Floors"): a folder imports from itself
// and from lower floors only. The table in the docs is the rule; this test reads it, follows
// every relative import of src/ (static, type-only and dynamic alike) and fails on one that
// runs up or across, on a folder the table does not place, and on an import of the
// repository's tooling or tests.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { describe, expect, it } from "vitest";
import { PROJECT } from "../support/project.ts";

const SRC = join(PROJECT.root, "src");
const ROOT_FILES = "(root)";

/** Folder → floor, from the docs' table: `| 3 | inputs, wasm | … |`. */
function readFloors(): Map<string, number> {
  const doc = readFileSync(join(PROJECT.root, "docs", "architecture.md"), "utf8");
  const section = doc.slice(doc.indexOf("## Floors"));
  const floors = new Map<string, number>();
  for (const [, floor, folders] of section.matchAll(/^\| (\d+) \| ([^|]+) \|/gm)) {
    for (const folder of folders.split(",")) floors.set(folder.trim().replace(/`/g, ""), Number(floor));
  }
  return floors;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(ts|mjs)$/.test(entry.name) ? [path] : [];
  });
}

/** Every relative specifier a file names: import/export … from, import "…", import(…), new URL(…). */
function relativeImports(file: string): string[] {
  const source = readFileSync(file, "utf8");
  const found: string[] = [];
  for (const [, specifier] of source.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*|new URL\(\s*)["'](\.{1,2}\/[^"']+)["']/g)) found.push(specifier);
  return found;
}

/** The folder of src/ a path lies in, ROOT_FILES for src/*.ts, undefined outside src/. */
function folderOf(path: string): string | undefined {
  const below = relative(SRC, path);
  if (below.startsWith("..")) return undefined;
  const parts = below.split(sep);
  return parts.length === 1 ? ROOT_FILES : parts[0];
}

interface Edge {
  file: string;
  specifier: string;
  from: string;
  to: string | undefined;
}

function edges(): Edge[] {
  return sourceFiles(SRC).flatMap((file) =>
    relativeImports(file).map((specifier) => ({
      file: relative(PROJECT.root, file),
      specifier,
      from: folderOf(file)!,
      to: folderOf(resolve(dirname(file), specifier)),
    })),
  );
}

describe("the floors of src/", () => {
  const floors = readFloors();
  const all = edges();

  it("places every folder of src/ on a floor", () => {
    const folders = new Set(sourceFiles(SRC).map((file) => folderOf(file)!));
    expect(floors.size).toBeGreaterThan(5);
    expect([...folders].filter((folder) => !floors.has(folder))).toEqual([]);
  });

  it("imports nothing from outside src/ (the tooling and the tests sit above the product)", () => {
    expect(all.filter((edge) => edge.to === undefined).map((edge) => `${edge.file} imports ${edge.specifier}`)).toEqual([]);
  });

  it("imports only downward: from its own folder or a lower floor", () => {
    const wrong = all
      .filter((edge) => edge.to !== undefined && edge.to !== edge.from)
      .filter((edge) => !(floors.get(edge.to!)! < floors.get(edge.from)!))
      .map((edge) => `${edge.file} (${edge.from}, floor ${floors.get(edge.from)}) imports ${edge.specifier} (${edge.to}, floor ${floors.get(edge.to!)})`);
    expect(wrong).toEqual([]);
  });

  it("sees imports, so a wrong one would be caught", () => {
    expect(all.length).toBeGreaterThan(300);
    expect(all.some((edge) => edge.from === "cli" && edge.to === "serve")).toBe(true);
  });
});
