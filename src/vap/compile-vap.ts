// A ValidatingAdmissionPolicy compiled to a wardenkit policy folder: its CEL
// (validations, messageExpressions, variables) as AssemblyScript over
// the SDK's CEL runtime (sdk/assembly/cel), judged as kube-apiserver judges it. What the compiler does
// not implement exactly is refused with a VapCompileError naming the expression.
import { parseCel } from "../cel/cel-ast.ts";
import type { CelExpr } from "../cel/cel-ast.ts";
import { CodeUnit, ExpressionCompiler, type Variables } from "./cel-codegen.ts";
import { typeName, type CelType } from "./cel-types.ts";
import { VapCompileError } from "./vap-compile-error.ts";
import { policyFiles, type CompiledAnnotation, type CompiledValidation } from "./policy-files.ts";

export { VapCompileError } from "./vap-compile-error.ts";

export interface VapInput {
  /** The ValidatingAdmissionPolicy, as read from YAML. */
  vap: object;
  /** The parameter object its binding names, when it has one. */
  params?: object;
}

export interface VapOutput {
  /** The policy folder: path relative to it → content. */
  files: Record<string, string>;
  /** Always empty: a construct the compiler does not implement fails the whole compilation. */
  refused: [];
}

/** The HTTP code of each reason a validation may give (policy_decision.go's reasonToCode). */
const REASON_CODES: Record<string, number> = { Forbidden: 403, Unauthorized: 401, RequestEntityTooLarge: 413, Invalid: 422 };
const INVALID = 422;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);


function expressionAt(unit: CodeUnit, variables: Variables, path: string, text: unknown, want: CelType["kind"] | undefined, name: string): { func: string; type: CelType } {
  if (typeof text !== "string" || text.trim() === "") throw new VapCompileError(path, "must be a non-empty string");
  const parsed = parseCel(text);
  if ("error" in parsed) throw new VapCompileError(path, `does not parse: ${parsed.error}`, text);
  const refuse = (construct: string): never => {
    throw new VapCompileError(path, construct, text);
  };
  let compiled;
  try {
    compiled = ExpressionCompiler.function(unit, variables, refuse, parsed.expr as CelExpr, { locals: new Map() }, name, `${path}: ${text.replace(/\s+/g, " ")}`);
  } catch (err) {
    if (err instanceof RangeError) refuse("it is nested too deeply");
    throw err;
  }
  if (want && compiled.type.kind !== want) refuse(`must evaluate to ${want} but got ${typeName(compiled.type)}`);
  return { func: compiled.code, type: compiled.type };
}

function compileVariables(unit: CodeUnit, spec: Json): Variables {
  const variables: Variables = new Map();
  const list = spec.variables ?? [];
  if (!Array.isArray(list)) throw new VapCompileError("spec.variables", "must be a list");
  list.forEach((v: unknown, i) => {
    const path = `spec.variables[${i}]`;
    if (!isObject(v) || typeof v.name !== "string" || !/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(v.name)) throw new VapCompileError(`${path}.name`, "must be a CEL identifier");
    if (variables.has(v.name)) throw new VapCompileError(`${path}.name`, `'${v.name}' is declared twice`);
    const compiled = expressionAt(unit, variables, `${path}.expression`, v.expression, undefined, `variable_${v.name}`);
    variables.set(v.name, { index: i, func: compiled.func, type: compiled.type });
  });
  return variables;
}

function compileValidation(unit: CodeUnit, variables: Variables, v: unknown, i: number): CompiledValidation {
  const path = `spec.validations[${i}]`;
  if (!isObject(v)) throw new VapCompileError(path, "must be an object");
  const expression = expressionAt(unit, variables, `${path}.expression`, v.expression, "bool", `validation${i}`);
  const text = v.expression as string;
  const message = typeof v.message === "string" && v.message.trim() !== "" ? v.message.trim() : `failed expression: ${text.trim()}`;
  if (typeof v.message === "string" && v.message.includes("\n")) throw new VapCompileError(`${path}.message`, "must not contain line breaks");
  const messageExpression = v.messageExpression === undefined ? undefined : expressionAt(unit, variables, `${path}.messageExpression`, v.messageExpression, "string", `message${i}`).func;
  const reason = v.reason === undefined ? undefined : String(v.reason);
  if (reason !== undefined && !REASON_CODES[reason]) throw new VapCompileError(`${path}.reason`, `'${reason}' is not one of ${Object.keys(REASON_CODES).join(", ")}`);
  return { expressionText: text, func: expression.func, message, messageExpression, code: reason ? REASON_CODES[reason] : INVALID };
}

function compileAnnotations(unit: CodeUnit, variables: Variables, list: unknown): CompiledAnnotation[] {
  if (!Array.isArray(list)) throw new VapCompileError("spec.auditAnnotations", "must be a list");
  return list.map((a: unknown, i) => {
    const path = `spec.auditAnnotations[${i}]`;
    if (!isObject(a) || typeof a.key !== "string" || !/^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/.test(a.key)) {
      throw new VapCompileError(`${path}.key`, "must be a name of at most 63 letters, digits, '-', '_' and '.'");
    }
    const valuePath = `${path}.valueExpression`;
    const compiled = expressionAt(unit, variables, valuePath, a.valueExpression, undefined, `annotation${i}`);
    if (compiled.type.kind !== "string" && compiled.type.kind !== "null") {
      throw new VapCompileError(valuePath, `must evaluate to one of [string null_type] but got ${typeName(compiled.type)}`, a.valueExpression as string);
    }
    return { key: a.key, expressionText: a.valueExpression as string, func: compiled.func };
  });
}

/** Compiles a ValidatingAdmissionPolicy into the files of a policy folder named `options.name`. */
export function compileVap(input: VapInput, options: { name: string }): VapOutput {
  const vap = input.vap as Json;
  if (!isObject(vap)) throw new VapCompileError("(document)", "a ValidatingAdmissionPolicy must be an object");
  if (vap.kind !== undefined && vap.kind !== "ValidatingAdmissionPolicy") throw new VapCompileError("kind", `is ${JSON.stringify(vap.kind)}, not ValidatingAdmissionPolicy`);
  if (input.params !== undefined && !isObject(input.params)) throw new VapCompileError("params", "the parameter object must be an object");
  const spec = vap.spec;
  if (!isObject(spec)) throw new VapCompileError("spec", "is missing");
  const failurePolicy = spec.failurePolicy ?? "Fail";
  if (failurePolicy !== "Fail" && failurePolicy !== "Ignore") throw new VapCompileError("spec.failurePolicy", `'${String(failurePolicy)}' is neither Fail nor Ignore`);
  const unit = new CodeUnit(spec.paramKind !== undefined && spec.paramKind !== null);
  const variables = compileVariables(unit, spec);
  const list = spec.validations ?? [];
  if (!Array.isArray(list)) throw new VapCompileError("spec.validations", "must be a list");
  const validations = list.map((v, i) => compileValidation(unit, variables, v, i));
  const annotations = compileAnnotations(unit, variables, spec.auditAnnotations ?? []);
  if (validations.length + annotations.length === 0) throw new VapCompileError("spec.validations", "validations or auditAnnotations must contain at least one item");
  return {
    files: policyFiles({ name: options.name, vap, unit, validations, annotations, failClosed: failurePolicy === "Fail", variableCount: variables.size, params: input.params }),
    refused: [],
  };
}
