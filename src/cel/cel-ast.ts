// Walks a parsed CEL expression (@bufbuild/cel's parse), so a suite can refuse, before
// evaluating anything, an expression that calls a function wardenkit's CEL does not have.
import { parse } from "@bufbuild/cel";

export type CelExpr = ReturnType<typeof parse>["expr"];

/** Calls `visit` on every node, depth first. */
export function walkCel(expr: CelExpr | undefined, visit: (node: CelExpr) => void): void {
  if (!expr) return;
  visit(expr);
  const kind = expr.exprKind;
  switch (kind.case) {
    case "selectExpr":
      walkCel(kind.value.operand, visit);
      break;
    case "callExpr":
      walkCel(kind.value.target, visit);
      kind.value.args.forEach((arg) => walkCel(arg, visit));
      break;
    case "listExpr":
      kind.value.elements.forEach((element) => walkCel(element, visit));
      break;
    case "structExpr":
      for (const entry of kind.value.entries) {
        if (entry.keyKind.case === "mapKey") walkCel(entry.keyKind.value, visit);
        walkCel(entry.value, visit);
      }
      break;
    case "comprehensionExpr":
      for (const part of [kind.value.iterRange, kind.value.accuInit, kind.value.loopCondition, kind.value.loopStep, kind.value.result]) walkCel(part, visit);
      break;
  }
}

/** Parses, turning a syntax error into a one-line message. */
export function parseCel(expression: string): { expr: CelExpr } | { error: string } {
  try {
    return { expr: parse(expression).expr };
  } catch (err) {
    return { error: (err as Error).message.split("\n")[0] };
  }
}

/** Operators and macros are expanded by the parser into calls named like `_&&_` or `@in`. */
export function isOperator(name: string): boolean {
  return /^[_@!-]/.test(name);
}

/** Operators and standard functions whose result is a bool (the strings extension has none). */
const BOOL_FUNCTIONS = new Set(["_==_", "_!=_", "_<_", "_<=_", "_>_", "_>=_", "_&&_", "_||_", "!_", "@in", "startsWith", "endsWith", "contains", "matches", "bool"]);

/**
 * Whether the expression is a bool before it runs, as the API server's type check requires of
 * a match condition: an operand of unknown type (`object.x`, `dyn(…)`) is refused. `request`
 * is typed there, so its one bool field counts.
 */
export function returnsBool(expr: CelExpr | undefined): boolean {
  const kind = expr?.exprKind;
  switch (kind?.case) {
    case "constExpr":
      return kind.value.constantKind.case === "boolValue";
    case "selectExpr":
      return kind.value.testOnly || (kind.value.field === "dryRun" && kind.value.operand?.exprKind.case === "identExpr" && kind.value.operand.exprKind.value.name === "request");
    case "callExpr":
      if (kind.value.function === "_?_:_") return returnsBool(kind.value.args[1]) && returnsBool(kind.value.args[2]);
      return BOOL_FUNCTIONS.has(kind.value.function);
    case "comprehensionExpr": {
      // all and exists accumulate a bool, exists_one compares a count; map and filter build lists.
      const { result, accuVar, accuInit } = kind.value;
      const accumulated = result?.exprKind.case === "identExpr" && result.exprKind.value.name === accuVar;
      return accumulated ? returnsBool(accuInit) : returnsBool(result);
    }
    default:
      return false;
  }
}
