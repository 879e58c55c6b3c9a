// The CEL runtime through a compiled module: every corpus expression becomes one
// validation of one policy, `params.case != i || (<expression>)`, so a single
// build answers them all, one request per expression, through the evaluator.
import { beforeAll, describe, expect, it } from "vitest";
import { buildVap, requestFor, type BuiltVap } from "../support/vap-modules.ts";
import { CORPUS, OBJECT, type Expected } from "./cel-corpus.ts";

const vap = {
  apiVersion: "admissionregistration.k8s.io/v1",
  kind: "ValidatingAdmissionPolicy",
  metadata: { name: "corpus" },
  spec: {
    paramKind: { apiVersion: "v1", kind: "ConfigMap" },
    validations: CORPUS.map(([expression], i) => ({ expression: `params.case != ${i} || (${expression})`, message: `case ${i} is false` })),
  },
};

let policy: BuiltVap;
beforeAll(async () => {
  policy = await buildVap({ vap });
});

function answer(i: number): Expected {
  const { admission } = policy.evaluator.validate(requestFor("CREATE", OBJECT), { params: { case: i } });
  if (admission.allowed) return true;
  const message = admission.status?.message ?? "";
  if (message === `case ${i} is false`) return false;
  const error = /resulted in error: (.*)$/.exec(message);
  return error ? { error: error[1] } : { error: `unexpected answer ${message}` };
}

describe("Kubernetes' CEL, compiled", () => {
  it.each(CORPUS.map(([expression, expected], i) => ({ i, expression, expected })))("$expression", ({ i, expected }) => {
    expect(answer(i)).toEqual(expected);
  });

  it("answers an error with the expression and cel-go's text, as the API server's deny message has them", () => {
    const i = CORPUS.findIndex(([, e]) => typeof e === "object" && e.error === "integer overflow");
    const { admission } = policy.evaluator.validate(requestFor("CREATE", OBJECT), { params: { case: i } });
    expect(admission.status).toEqual({ message: `expression 'params.case != ${i} || (${CORPUS[i][0]})' resulted in error: integer overflow`, code: 422 });
  });
});
