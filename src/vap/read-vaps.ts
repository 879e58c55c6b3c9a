// Reads ValidatingAdmissionPolicies, their bindings and parameter objects from files and
// folders (many documents per file, Lists opened), checking each VAP and binding for what the
// API server itself would refuse before anything is compiled. Every other object is kept as
// a possible parameter object, found later by a paramKind and a binding's paramRef.
import type { KubernetesObject } from "../kubewarden/kubernetes-object.ts";
import { InputError, objectsInFile } from "../inputs/documents.ts";
import { objectFilesIn } from "../inputs/object-files.ts";
import {
  ADMISSION_REGISTRATION_V1, BINDING_KIND, VAP_KIND, VapInputError,
  type Sourced, type ValidatingAdmissionPolicy, type ValidatingAdmissionPolicyBinding,
} from "./vap-objects.ts";

export interface VapInputs {
  policies: Sourced<ValidatingAdmissionPolicy>[];
  bindings: Sourced<ValidatingAdmissionPolicyBinding>[];
  /** Every other object: candidates for a policy's parameters. */
  others: Sourced<KubernetesObject>[];
}

const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const VALIDATION_ACTIONS = ["Deny", "Warn", "Audit"];
/** The reasons the API server accepts on a validation (admissionregistration validation: supportedValidationPolicyReason). */
const REASONS = ["Forbidden", "Invalid", "RequestEntityTooLarge"];

const isMapping = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

function checkName(object: KubernetesObject, where: string): void {
  const name = object.metadata?.name;
  if (typeof name !== "string" || !DNS1123_SUBDOMAIN.test(name) || name.length > 253) {
    throw new VapInputError(`${where}: metadata.name ${JSON.stringify(name)} is not a valid name (lower-case letters, digits, '-' and '.')`);
  }
}

function checkApiVersion(object: KubernetesObject, where: string): void {
  if (object.apiVersion !== ADMISSION_REGISTRATION_V1) {
    throw new VapInputError(`${where}: apiVersion must be ${ADMISSION_REGISTRATION_V1}, not ${JSON.stringify(object.apiVersion)} (wardenkit reads the GA API)`);
  }
}

function checkList(value: unknown, field: string, where: string): void {
  if (value !== undefined && !Array.isArray(value)) throw new VapInputError(`${where}: ${field} must be a list`);
}

function checkPolicy(object: KubernetesObject, where: string): ValidatingAdmissionPolicy {
  checkApiVersion(object, where);
  checkName(object, where);
  const spec = object.spec;
  if (!isMapping(spec)) throw new VapInputError(`${where}: spec must be a mapping`);
  checkList(spec.validations, "spec.validations", where);
  checkList(spec.auditAnnotations, "spec.auditAnnotations", where);
  checkList(spec.matchConditions, "spec.matchConditions", where);
  checkList(spec.variables, "spec.variables", where);
  if (!(spec.validations as unknown[] | undefined)?.length && !(spec.auditAnnotations as unknown[] | undefined)?.length) {
    throw new VapInputError(`${where}: spec.validations or spec.auditAnnotations must have at least one item`);
  }
  (spec.validations as unknown[] | undefined)?.forEach((v, i) => {
    if (!isMapping(v) || typeof v.expression !== "string" || !v.expression.trim()) throw new VapInputError(`${where}: spec.validations[${i}].expression must be a non-empty string`);
    if (v.reason !== undefined && !REASONS.includes(v.reason as string)) throw new VapInputError(`${where}: spec.validations[${i}].reason must be ${REASONS.join(", ")}, not ${JSON.stringify(v.reason)}`);
  });
  const constraints = spec.matchConstraints;
  if (!isMapping(constraints) || !Array.isArray(constraints.resourceRules) || constraints.resourceRules.length === 0) {
    throw new VapInputError(`${where}: spec.matchConstraints.resourceRules is required: it says which requests the policy sees`);
  }
  if (spec.failurePolicy !== undefined && spec.failurePolicy !== "Fail" && spec.failurePolicy !== "Ignore") {
    throw new VapInputError(`${where}: spec.failurePolicy must be Fail or Ignore, not ${JSON.stringify(spec.failurePolicy)}`);
  }
  return object as unknown as ValidatingAdmissionPolicy;
}

function checkActions(actions: unknown, where: string): void {
  if (!Array.isArray(actions) || actions.length === 0) throw new VapInputError(`${where}: spec.validationActions is required (Deny, Warn or Audit)`);
  const bad = actions.find((a) => !VALIDATION_ACTIONS.includes(a as string));
  if (bad !== undefined) throw new VapInputError(`${where}: spec.validationActions: ${JSON.stringify(bad)} is not ${VALIDATION_ACTIONS.join(", ")}`);
  if (new Set(actions).size !== actions.length) throw new VapInputError(`${where}: spec.validationActions lists an action twice`);
  if (actions.includes("Deny") && actions.includes("Warn")) throw new VapInputError(`${where}: spec.validationActions may not hold both Deny and Warn`);
}

function checkBinding(object: KubernetesObject, where: string): ValidatingAdmissionPolicyBinding {
  checkApiVersion(object, where);
  checkName(object, where);
  const spec = object.spec;
  if (!isMapping(spec)) throw new VapInputError(`${where}: spec must be a mapping`);
  if (typeof spec.policyName !== "string" || !spec.policyName) throw new VapInputError(`${where}: spec.policyName is required: it names the ValidatingAdmissionPolicy it binds`);
  checkActions(spec.validationActions, where);
  if (spec.paramRef !== undefined && !isMapping(spec.paramRef)) throw new VapInputError(`${where}: spec.paramRef must be a mapping`);
  const notFound = (spec.paramRef as Record<string, unknown> | undefined)?.parameterNotFoundAction;
  if (spec.paramRef !== undefined && notFound !== "Allow" && notFound !== "Deny") {
    throw new VapInputError(`${where}: spec.paramRef.parameterNotFoundAction is required: Allow or Deny`);
  }
  return object as unknown as ValidatingAdmissionPolicyBinding;
}

/** The object files of `path` (a file, or a folder's .yaml, .yml and .json files). */
function filesOf(path: string): string[] {
  try {
    return objectFilesIn(path);
  } catch (err) {
    if (err instanceof InputError) throw new VapInputError(err.message);
    throw err;
  }
}

function objectsOf(file: string): KubernetesObject[] {
  try {
    return [...objectsInFile(file)];
  } catch (err) {
    if (err instanceof InputError) throw new VapInputError(err.message);
    throw err;
  }
}

/** Everything in `paths` (files or folders), sorted into VAPs, bindings and the rest. */
export function readVapInputs(paths: string[]): VapInputs {
  const inputs: VapInputs = { policies: [], bindings: [], others: [] };
  for (const file of paths.flatMap(filesOf)) {
    objectsOf(file).forEach((object, i) => {
      if (!isMapping(object)) throw new VapInputError(`${file} #${i + 1}: not a Kubernetes object`);
      const source = `${file} #${i + 1}`;
      const where = `${source} (${object.kind} ${object.metadata?.name ?? "without a name"})`;
      if (object.kind === VAP_KIND) inputs.policies.push({ object: checkPolicy(object, where), source });
      else if (object.kind === BINDING_KIND) inputs.bindings.push({ object: checkBinding(object, where), source });
      else inputs.others.push({ object, source });
    });
  }
  return inputs;
}
