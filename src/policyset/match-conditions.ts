// A policy's matchConditions, evaluated as the API server does before it calls a webhook:
// CEL over `object`, `oldObject` and `request`; any false condition skips the policy;
// otherwise an error fails the request under failurePolicy Fail and skips the policy
// under Ignore (k8s.io/apiserver admission/plugin/webhook/matchconditions).
import { celEnv, isCelError, plan, type CelEnv } from "@bufbuild/cel";
import { strings } from "@bufbuild/cel/ext";
import type { AdmissionRequest } from "../host/admission-request.ts";
import { isOperator, parseCel, returnsBool, walkCel } from "../cel/cel-ast.ts";
import { toCel } from "./cel-values.ts";
import { SuiteError } from "./suite-error.ts";

export interface MatchConditionSpec {
  name: string;
  expression: string;
}

export interface CompiledCondition {
  name: string;
  expression: string;
  evaluate: (variables: ConditionVariables) => unknown;
}

export type ConditionVariables = Record<"object" | "oldObject" | "request", ReturnType<typeof toCel>>;

export type ConditionOutcome =
  | { matches: true }
  | { matches: false; reason: string }
  | { error: string };

/** Variables of Kubernetes' environment that only a live API server can give. */
const LIVE_ONLY = { authorizer: "the authorizer (it asks the live API server)", params: "params (only ValidatingAdmissionPolicies have them)" };

const VARIABLES = new Set(["object", "oldObject", "request"]);
const TYPE_NAMES = new Set(["int", "uint", "double", "bool", "string", "bytes", "list", "map", "null_type", "type", "dyn"]);

let env: CelEnv | undefined;
function conditionEnv(): CelEnv {
  env ??= celEnv({ funcs: strings });
  return env;
}

function compileOne(spec: MatchConditionSpec, where: string): CompiledCondition {
  const at = `${where}: matchCondition '${spec.name}'`;
  const parsed = parseCel(spec.expression);
  if ("error" in parsed) throw new SuiteError(`${at} is not valid CEL: ${parsed.error}`);
  const identifiers: string[] = [], functions: string[] = [], bound = new Set<string>();
  walkCel(parsed.expr, (node) => {
    const kind = node.exprKind;
    if (kind.case === "identExpr") identifiers.push(kind.value.name);
    if (kind.case === "callExpr") functions.push(kind.value.function);
    if (kind.case === "comprehensionExpr") [kind.value.iterVar, kind.value.accuVar].forEach((name) => bound.add(name));
  });
  const liveOnly = identifiers.find((name) => Object.hasOwn(LIVE_ONLY, name));
  if (liveOnly) throw new SuiteError(`${at} uses ${LIVE_ONLY[liveOnly as keyof typeof LIVE_ONLY]}, which an offline evaluation cannot answer`);
  // A library namespace such as sets. or base64. reads as an unknown variable.
  const unknown = identifiers.find((name) => !VARIABLES.has(name) && !TYPE_NAMES.has(name) && !bound.has(name));
  if (unknown) throw new SuiteError(`${at} uses '${unknown}', which is neither object, oldObject nor request, nor a library available here`);
  const missing = functions.find((name) => !isOperator(name) && !conditionEnv().funcs.find(name));
  if (missing) throw new SuiteError(`${at} calls ${missing}(), which is not available here (standard CEL and the strings extension are)`);
  if (!returnsBool(parsed.expr)) throw new SuiteError(`${at} must evaluate to bool, and the API server refuses a webhook whose condition may not`);
  const run = plan(conditionEnv(), parsed.expr);
  return { name: spec.name, expression: spec.expression, evaluate: (variables) => run(variables) };
}

export function compileConditions(specs: MatchConditionSpec[] | undefined, where: string): CompiledCondition[] {
  return (specs ?? []).map((spec) => compileOne(spec, where));
}

export function conditionVariables(request: AdmissionRequest): ConditionVariables {
  const { object, oldObject, ...rest } = request;
  return { object: toCel(object), oldObject: toCel(oldObject), request: toCel(rest) };
}

export function evaluateConditions(conditions: CompiledCondition[], variables: () => ConditionVariables, failurePolicy: "Fail" | "Ignore"): ConditionOutcome {
  if (conditions.length === 0) return { matches: true };
  const vars = variables();
  const errors: string[] = [];
  for (const condition of conditions) {
    const result = condition.evaluate(vars);
    if (result === false) return { matches: false, reason: `matchCondition '${condition.name}' is false` };
    if (isCelError(result)) errors.push(`expression '${condition.expression}' resulted in error: ${result.message}`);
  }
  if (errors.length === 0) return { matches: true };
  // The API server's aggregate of errors: one alone, several in brackets.
  const error = errors.length === 1 ? errors[0] : `[${errors.join(", ")}]`;
  if (failurePolicy === "Ignore") return { matches: false, reason: `failurePolicy Ignore skips the policy when matchConditions fail: ${error}` };
  return { error };
}

/** The API server's answer when a policy's conditions fail closed: a Forbidden on the request's resource. */
export function conditionRefusal(request: AdmissionRequest, error: string): string {
  const { group, resource } = request.resource;
  const qualified = group ? `${resource}.${group}` : resource;
  return request.name ? `${qualified} "${request.name}" is forbidden: ${error}` : `${qualified} is forbidden: ${error}`;
}
