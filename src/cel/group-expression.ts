// A policy group's expression. The Kubewarden controller accepts only CEL made of member
// calls (`name()`, no arguments, returning bool), ==, !=, &&, || and !
// (api/policies/v1/policygroup_validation.go); policy-server evaluates it left to right,
// short-circuiting && and ||, calling each member policy only when the expression reaches
// it (policy-evaluator policy_group_evaluator/evaluator.rs). Parsed with @bufbuild/cel.
import type { CelExpr } from "./cel-ast.ts";
import { parseCel } from "./cel-ast.ts";

export type GroupExpression = (member: (name: string) => boolean) => boolean;

const MEMBER_NAME = /^[_a-zA-Z][_a-zA-Z0-9]*$/;
const RESERVED = new Set(["true", "false", "null", "in", "as", "break", "const", "continue", "else", "for", "function", "if", "import", "let", "loop", "package", "namespace", "return", "var", "void", "while"]);
const BINARY: Record<string, (l: () => boolean, r: () => boolean) => boolean> = {
  "_&&_": (l, r) => l() && r(),
  "_||_": (l, r) => l() || r(),
  "_==_": (l, r) => l() === r(),
  "_!=_": (l, r) => l() !== r(),
};

export function memberNameProblem(name: string): string | undefined {
  if (!MEMBER_NAME.test(name) || RESERVED.has(name)) return `policy group member name '${name}' is invalid: use letters, digits and _, not starting with a digit, and no CEL reserved word`;
  return undefined;
}

function build(expr: CelExpr, members: Set<string>, fail: (why: string) => never): (member: (name: string) => boolean) => boolean {
  const kind = expr.exprKind;
  if (kind.case === "constExpr" && kind.value.constantKind.case === "boolValue") {
    const value = kind.value.constantKind.value;
    return () => value;
  }
  if (kind.case !== "callExpr") return fail("only member calls, true, false, ==, !=, &&, || and ! are allowed");
  const { function: fn, target, args } = kind.value;
  if (fn === "!_" && args.length === 1) {
    const operand = build(args[0], members, fail);
    return (member) => !operand(member);
  }
  if (BINARY[fn] && args.length === 2) {
    const [left, right] = args.map((a) => build(a, members, fail));
    return (member) => BINARY[fn](() => left(member), () => right(member));
  }
  if (fn.startsWith("_") || fn.startsWith("@")) return fail(`operator ${fn.replace(/_/g, " ").trim()} is not allowed`);
  if (!members.has(fn)) return fail(`${fn}() is not a member of the group (members: ${[...members].join(", ")})`);
  if (target || args.length > 0) return fail(`${fn}() takes no arguments`);
  return (member) => member(fn);
}

/** A group expression the controller would refuse, phrased for the user. */
export class GroupExpressionError extends Error {}

export function compileGroupExpression(expression: string, members: string[], where: string): GroupExpression {
  const fail = (why: string): never => {
    throw new GroupExpressionError(`${where}: spec.expression ${JSON.stringify(expression)} is invalid: ${why}`);
  };
  if (!expression.trim()) fail("it must be non-empty");
  const parsed = parseCel(expression);
  if ("error" in parsed) fail(parsed.error);
  return build((parsed as { expr: CelExpr }).expr, new Set(members), fail);
}
