// The variables a ValidatingAdmissionPolicy's expressions read, as
// kube-apiserver binds them (k8s.io/apiserver/pkg/admission/plugin/cel):
// object and oldObject (null where the operation has none), params, request
// (AdmissionRequest as JSON with its empty fields left out), the policy's own
// variables (each evaluated once, when first read), and the macros' variables.
import { JsonValue } from "../json/value";
import { ValidationRequest } from "../protocol";
import { CelValue, celBool, celMap, celString, fromJson, NULL } from "./value";
import { namespaceObjectOf } from "./namespace";

/** A policy variable's expression. */
export type CelVariable = (a: Activation) => CelValue;

export class Activation {
  private requestValue: CelValue | null = null;
  private objectValue: CelValue | null = null;
  private oldObjectValue: CelValue | null = null;
  private paramsValue: CelValue | null = null;
  private namespaceValue: CelValue | null = null;
  private readonly locals: CelValue[] = [];
  private readonly variables: Array<CelValue | null>;

  constructor(readonly request: ValidationRequest, readonly paramsJson: JsonValue, variableCount: i32) {
    this.variables = new Array<CelValue | null>(variableCount);
  }

  get object(): CelValue {
    let v = this.objectValue;
    if (v === null) this.objectValue = v = fromJson(this.request.object);
    return v;
  }

  get oldObject(): CelValue {
    let v = this.oldObjectValue;
    if (v === null) this.oldObjectValue = v = fromJson(this.request.oldObject);
    return v;
  }

  get params(): CelValue {
    let v = this.paramsValue;
    if (v === null) this.paramsValue = v = fromJson(this.paramsJson);
    return v;
  }

  get namespaceObject(): CelValue {
    let v = this.namespaceValue;
    if (v === null) this.namespaceValue = v = namespaceObjectOf(this.request);
    return v;
  }

  get requestVar(): CelValue {
    let v = this.requestValue;
    if (v === null) this.requestValue = v = admissionRequest(this.request.request);
    return v;
  }

  /** variables.<name>: its value, computed on first read. */
  variable(index: i32, compute: CelVariable): CelValue {
    let v = this.variables[index];
    if (v === null) this.variables[index] = v = compute(this);
    return v;
  }

  local(slot: i32): CelValue {
    return this.locals[slot];
  }

  setLocal(slot: i32, value: CelValue): void {
    while (this.locals.length <= slot) this.locals.push(NULL);
    this.locals[slot] = value;
  }
}

const GVK = ["group", "version", "kind"];
const GVR = ["group", "version", "resource"];

function strings(json: JsonValue, fields: string[]): CelValue {
  const values = new Array<CelValue>(fields.length);
  for (let i = 0; i < fields.length; i++) values[i] = celString(json.get(fields[i]).stringOr(""));
  return celMap(fields, values);
}

/** Adds `key` when the request has a non-empty string there (Go's omitempty). */
function optionalString(keys: string[], values: CelValue[], json: JsonValue, key: string): void {
  const s = json.get(key).stringOr("");
  if (s.length == 0) return;
  keys.push(key);
  values.push(celString(s));
}

function userInfo(json: JsonValue): CelValue {
  const keys = new Array<string>(), values = new Array<CelValue>();
  optionalString(keys, values, json, "username");
  optionalString(keys, values, json, "uid");
  const groups = json.get("groups");
  if (groups.length > 0) {
    keys.push("groups");
    values.push(fromJson(groups));
  }
  const extra = json.get("extra");
  if (extra.isObject && extra.length > 0) {
    keys.push("extra");
    values.push(fromJson(extra));
  }
  return celMap(keys, values);
}

/** The request variable: what kube-apiserver's ToUnstructured makes of its AdmissionRequest. */
function admissionRequest(json: JsonValue): CelValue {
  const keys = ["kind", "resource"];
  const kind = json.get("kind"), resource = json.get("resource");
  const requestKind = json.get("requestKind"), requestResource = json.get("requestResource");
  const values = [strings(kind, GVK), strings(resource, GVR)];
  optionalString(keys, values, json, "subResource");
  keys.push("requestKind");
  values.push(strings(requestKind.isObject ? requestKind : kind, GVK));
  keys.push("requestResource");
  values.push(strings(requestResource.isObject ? requestResource : resource, GVR));
  // Kubewarden's request may lack requestSubResource; the API server's equals subResource then.
  const requestSub = json.get("requestSubResource").isString ? json.get("requestSubResource") : json.get("subResource");
  const sub = requestSub.stringOr("");
  if (sub.length > 0) {
    keys.push("requestSubResource");
    values.push(celString(sub));
  }
  optionalString(keys, values, json, "name");
  optionalString(keys, values, json, "namespace");
  keys.push("operation");
  values.push(celString(json.get("operation").stringOr("")));
  keys.push("userInfo");
  values.push(userInfo(json.get("userInfo")));
  keys.push("dryRun");
  values.push(celBool(json.get("dryRun").isTrue));
  return celMap(keys, values);
}

