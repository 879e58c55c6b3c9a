// A ValidatingAdmissionPolicy's validations judged as kube-apiserver judges
// them (k8s.io/apiserver/pkg/admission/plugin/policy/validating/validator.go):
// the first validation that denies decides the answer. A false result denies
// with messageExpression's string (trimmed, at most 5 KiB, one line), else the
// message, else "failed expression: <expression>"; an error denies with
// "expression '<expression>' resulted in error: <error>" under failurePolicy
// Fail and is ignored under Ignore.
import { JsonValue } from "../json/value";
import { ValidationRequest, ValidationResponse, accept, reject } from "../protocol";
import { CelValue, CelKind } from "./value";
import { Activation } from "./activation";
import { CelBody } from "./macros";

/** metav1.StatusReasonInvalid's HTTP code, the default reason's. */
export const CODE_INVALID: i32 = 422;
const MAX_MESSAGE_BYTES = 5 * 1024;
const MAX_ANNOTATION_BYTES = 10 * 1024;

/** One entry of spec.validations. */
export class CelValidation {
  constructor(
    readonly expressionText: string,
    readonly expression: CelBody,
    /** message, or "failed expression: …" when the validation has none. */
    readonly message: string,
    readonly messageExpression: CelBody | null,
    /** The HTTP code of its reason. */
    readonly code: i32,
  ) {}
}

/** One entry of spec.auditAnnotations. */
export class CelAnnotation {
  constructor(readonly key: string, readonly expressionText: string, readonly value: CelBody) {}
}

/** The policy's validations, its failurePolicy, how many variables it declares, and its audit annotations. */
export class CelPolicy {
  constructor(
    readonly validations: CelValidation[], readonly failClosed: bool, readonly variableCount: i32,
    readonly annotations: CelAnnotation[] = [],
  ) {}
}

function trimSpace(s: string): string {
  let from = 0, to = s.length;
  while (from < to && isGoSpace(s.charCodeAt(from))) from++;
  while (to > from && isGoSpace(s.charCodeAt(to - 1))) to--;
  return s.substring(from, to);
}

function isGoSpace(c: i32): bool {
  if (c <= 0xff) return c == 0x20 || (c >= 0x09 && c <= 0x0d) || c == 0x85 || c == 0xa0;
  return c == 0x1680 || (c >= 0x2000 && c <= 0x200a) || c == 0x2028 || c == 0x2029 || c == 0x202f || c == 0x205f || c == 0x3000;
}

function deniedMessage(v: CelValidation, a: Activation): string {
  const m = v.messageExpression;
  if (m !== null) {
    const r = m(a);
    if (r.kind == CelKind.String) {
      const text = trimSpace(r.text);
      if (text.length > 0 && String.UTF8.byteLength(text) <= MAX_MESSAGE_BYTES && !text.includes("\n")) return text;
    }
  }
  return v.message;
}

function errorMessage(expressionText: string, error: CelValue): string {
  return "expression '" + expressionText + "' resulted in error: " + error.text;
}

/** The first denial of the validations, or null. */
function firstDenial(policy: CelPolicy, a: Activation): ValidationResponse | null {
  const validations = policy.validations;
  for (let i = 0; i < validations.length; i++) {
    const v = validations[i];
    const result: CelValue = v.expression(a);
    if (result.isError) {
      if (policy.failClosed) return reject(errorMessage(v.expressionText, result), CODE_INVALID);
      continue;
    }
    if (!result.isTrue) return reject(deniedMessage(v, a), v.code);
  }
  return null;
}

/** A value cut to `max` UTF-8 bytes, as Go slices a string. */
function cutToBytes(value: string, max: i32): string {
  if (String.UTF8.byteLength(value) <= max) return value;
  return String.UTF8.decode(String.UTF8.encode(value).slice(0, max));
}

/**
 * The audit annotations, added to `response`: a trimmed, non-empty string is published, null
 * or "" is not; an error denies under failurePolicy Fail when no validation did.
 */
function annotate(policy: CelPolicy, a: Activation, response: ValidationResponse): ValidationResponse {
  const annotations = policy.annotations;
  let answer = response;
  const published = new Array<string>();
  for (let i = 0; i < annotations.length; i++) {
    const annotation = annotations[i];
    const value = annotation.value(a);
    if (value.isError) {
      if (policy.failClosed && answer.accepted) answer = reject(errorMessage(annotation.expressionText, value), CODE_INVALID);
      continue;
    }
    if (value.kind != CelKind.String) continue;
    const text = trimSpace(value.text);
    if (text.length == 0) continue;
    published.push(annotation.key);
    published.push(cutToBytes(text, MAX_ANNOTATION_BYTES));
  }
  for (let i = 0; i < published.length; i += 2) answer.annotate(published[i], published[i + 1]);
  return answer;
}

/** The answer to one request. */
export function runPolicy(policy: CelPolicy, request: ValidationRequest, params: JsonValue): ValidationResponse {
  const a = new Activation(request, params, policy.variableCount);
  const denial = firstDenial(policy, a);
  return annotate(policy, a, denial !== null ? denial : accept());
}
