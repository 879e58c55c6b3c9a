// A function of src/ fits on a screen: its body spans at most MAX_BODY_LINES lines, unless the
// line directly above it is a comment starting with `// Long:` that says why it must be longer.
// Every .ts file of src/ is parsed with the TypeScript compiler; functions, methods, arrow
// functions, accessors and constructors are measured alike, nested ones on their own.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { PROJECT } from "../support/project.ts";

const SRC = join(PROJECT.root, "src");
const MAX_BODY_LINES = 60;
const LONG_REASON = /^\s*\/\/ Long: \S/;

interface LongFunction {
  name: string;
  /** 1-based line of the function's first token. */
  line: number;
  bodyLines: number;
}

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return tsFiles(path);
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts") ? [path] : [];
  });
}

function isFunction(node: ts.Node): node is ts.FunctionLikeDeclaration {
  return ts.isFunctionDeclaration(node) || ts.isFunctionExpression(node) || ts.isArrowFunction(node) || ts.isMethodDeclaration(node) ||
    ts.isConstructorDeclaration(node) || ts.isGetAccessorDeclaration(node) || ts.isSetAccessorDeclaration(node);
}

/** The function's own name, or the name it is given: `const f = () => …`, `f: () => …`. */
function nameOf(node: ts.FunctionLikeDeclaration, source: ts.SourceFile): string {
  if (ts.isConstructorDeclaration(node)) return "constructor";
  if (node.name) return node.name.getText(source);
  const parent = node.parent;
  if ((ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent)) && parent.name) return parent.name.getText(source);
  return "(anonymous)";
}

/** Functions in `text` whose body spans more than MAX_BODY_LINES lines without a `// Long:` reason above them. */
export function longFunctions(fileName: string, text: string): LongFunction[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const lines = text.split("\n");
  const lineOf = (position: number) => source.getLineAndCharacterOfPosition(position).line;
  const found: LongFunction[] = [];
  const visit = (node: ts.Node): void => {
    if (isFunction(node) && node.body) {
      const bodyLines = lineOf(node.body.getEnd()) - lineOf(node.body.getStart(source)) + 1;
      const first = lineOf(node.getStart(source));
      const reasoned = first > 0 && LONG_REASON.test(lines[first - 1]);
      if (bodyLines > MAX_BODY_LINES && !reasoned) found.push({ name: nameOf(node, source), line: first + 1, bodyLines });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** A function named `name` whose body spans `bodyLines` lines, the line `above` (if any) before it. */
function sample(name: string, bodyLines: number, above?: string): string {
  const body = Array.from({ length: bodyLines - 4 }, (_, i) => `  total += ${i};`);
  return [...(above === undefined ? [] : [above]), `function ${name}(): number {`, "  let total = 0;", ...body, "  return total;", "}"].join("\n");
}

describe("the length of src/'s functions", () => {
  it(`keeps every body within ${MAX_BODY_LINES} lines, or says above it why not`, () => {
    const files = tsFiles(SRC);
    expect(files.length).toBeGreaterThan(100);
    const offenders = files.flatMap((file) =>
      longFunctions(file, readFileSync(file, "utf8")).map((f) => `${relative(PROJECT.root, file)}:${f.line} ${f.name} spans ${f.bodyLines} lines`),
    );
    expect(offenders).toEqual([]);
  });

  it("measures every kind of function, and takes only a `// Long:` comment directly above as a reason", () => {
    expect(longFunctions("a.ts", sample("fits", MAX_BODY_LINES))).toEqual([]);
    expect(longFunctions("a.ts", sample("tooLong", MAX_BODY_LINES + 1))).toEqual([{ name: "tooLong", line: 1, bodyLines: MAX_BODY_LINES + 1 }]);
    expect(longFunctions("a.ts", sample("reasoned", MAX_BODY_LINES + 1, "// Long: one table, read top to bottom"))).toEqual([]);
    expect(longFunctions("a.ts", sample("vague", MAX_BODY_LINES + 1, "// it is long"))).toHaveLength(1);
    expect(longFunctions("a.ts", sample("empty", MAX_BODY_LINES + 1, "// Long:"))).toHaveLength(1);
    expect(longFunctions("a.ts", `// Long: not directly above\n\n${sample("apart", MAX_BODY_LINES + 1)}`)).toHaveLength(1);
    const inner = sample("inner", MAX_BODY_LINES + 1).split("\n").slice(1, -1).join("\n");
    const kinds = [
      `const arrow = () => {\n${inner}\n};`,
      `const expression = function () {\n${inner}\n};`,
      `class C {\n  constructor() {\n${inner}\n  }\n  method() {\n${inner}\n  }\n  get accessor() {\n${inner}\n  }\n}`,
      `const object = { property: async () => {\n${inner}\n} };`,
    ].join("\n");
    expect(longFunctions("a.ts", kinds).map((f) => f.name)).toEqual(["arrow", "expression", "constructor", "method", "accessor", "property"]);
  });
});
