// Declarative policy test cases (cases.yaml): each names its request (a
// fixture or a plain object wrapped for an operation), settings, cluster state
// and the verdict it expects.
import { dirname, resolve, basename } from "node:path";
import { toAdmissionRequest, type AdmissionRequest } from "../host/admission-request.ts";
import type { KubernetesObject } from "../kubewarden/kubernetes-object.ts";
import { flattenObjects, InputError, readClusterObjects, readDocument } from "../inputs/documents.ts";
import { wrapObject } from "../host/wrap-object.ts";
import { HostCapabilityAllowList, HostCapabilityPatternError } from "../host/capabilities/allow-list.ts";

export interface Expectation {
  /** Validation cases: the verdict. */
  allowed?: boolean;
  /** Settings cases: whether validate_settings accepts them. */
  valid?: boolean;
  /** A regular expression the message must match. */
  message?: string;
  code?: number;
  /** "none", or the exact JSONPatch operations expected. */
  patch?: "none" | unknown[];
  /** Regular expressions, one per expected warning. */
  warnings?: string[];
}

export interface PolicyCase {
  name: string;
  /** Validation case: the request; settings case: undefined. */
  request?: AdmissionRequest;
  settings: unknown;
  cluster?: KubernetesObject[];
  replay?: string;
  /** The policy's `hostCapabilities`; undefined allows all, as `kwctl run` does by default. */
  hostCapabilities?: HostCapabilityAllowList;
  expect: Expectation;
}

export interface CaseFile {
  path: string;
  policy: string;
  /** Path of the module, when the file names one instead of a policy. */
  module?: string;
  cases: PolicyCase[];
}

/** A typo in a key would make a case that checks nothing, so every key is one of these. */
const FILE_KEYS = new Set(["policy", "module", "settings", "cluster", "hostCapabilities", "cases"]);
const EXPECT_KEYS = new Set(["allowed", "valid", "message", "code", "patch", "warnings"]);
const OPERATIONS = new Set(["CREATE", "UPDATE", "DELETE", "CONNECT"]);
const CASE_KEYS = new Set(["name", "request", "object", "oldObject", "operation", "subResource", "resource", "settings", "cluster", "replay", "hostCapabilities", "expect", "kind"]);

function cluster(value: unknown, baseDir: string, where: string): KubernetesObject[] | undefined {
  if (value === undefined) return undefined;
  if (typeof value === "string") return readClusterObjects(resolve(baseDir, value));
  if (Array.isArray(value)) return flattenObjects(value, where);
  throw new InputError(`${where}: cluster must be a list of objects or a file name`);
}

function allowList(value: unknown, where: string): HostCapabilityAllowList | undefined {
  if (value === undefined) return undefined;
  try {
    return HostCapabilityAllowList.parse(value);
  } catch (err) {
    if (err instanceof HostCapabilityPatternError) throw new InputError(`${where}: ${err.message}`);
    throw err;
  }
}

function unknownKeys(value: Record<string, unknown>, known: Set<string>, where: string, what: string): void {
  const unknown = Object.keys(value).filter((k) => !known.has(k));
  if (unknown.length > 0) throw new InputError(`${where}: unknown ${what} ${unknown.join(", ")} (known: ${[...known].join(", ")})`);
}

/** The types of an expectation's values, so `code: "400"` is an error rather than a case that cannot pass. */
function checkExpectation(expect: Record<string, unknown>, where: string): void {
  unknownKeys(expect, EXPECT_KEYS, where, "expect keys");
  const wrong = (key: string, what: string) => new InputError(`${where}: expect.${key} must be ${what}`);
  if (expect.allowed !== undefined && typeof expect.allowed !== "boolean") throw wrong("allowed", "true or false");
  if (expect.valid !== undefined && typeof expect.valid !== "boolean") throw wrong("valid", "true or false");
  if (expect.message !== undefined && typeof expect.message !== "string") throw wrong("message", "a regular expression (a string)");
  if (expect.code !== undefined && !Number.isInteger(expect.code)) throw wrong("code", "an HTTP status code (a whole number)");
  if (expect.patch !== undefined && expect.patch !== "none" && !Array.isArray(expect.patch)) throw wrong("patch", '"none" or a list of JSONPatch operations');
  if (expect.warnings !== undefined && !(Array.isArray(expect.warnings) && expect.warnings.every((w) => typeof w === "string"))) {
    throw wrong("warnings", "a list of regular expressions (strings)");
  }
}

function parseCase(raw: Record<string, unknown>, index: number, defaults: Record<string, unknown>, baseDir: string, file: string): PolicyCase {
  const name = typeof raw.name === "string" ? raw.name : `case ${index + 1}`;
  const where = `${file}: ${name}`;
  unknownKeys(raw, CASE_KEYS, where, "keys");
  if (typeof raw.expect !== "object" || raw.expect === null || Array.isArray(raw.expect)) throw new InputError(`${where}: expect is required`);
  checkExpectation(raw.expect as Record<string, unknown>, where);
  if (raw.operation !== undefined && !OPERATIONS.has(raw.operation as string)) {
    throw new InputError(`${where}: operation ${JSON.stringify(raw.operation)} is not one of ${[...OPERATIONS].join(", ")}`);
  }
  const expect = raw.expect as Expectation;
  const settings = raw.settings ?? defaults.settings ?? {};
  const base: PolicyCase = {
    name,
    settings,
    expect,
    cluster: cluster(raw.cluster ?? defaults.cluster, baseDir, where),
    replay: typeof raw.replay === "string" ? resolve(baseDir, raw.replay) : undefined,
    hostCapabilities: allowList(raw.hostCapabilities ?? defaults.hostCapabilities, where),
  };
  if (expect.valid !== undefined) return base; // a settings case
  if (typeof expect.allowed !== "boolean") throw new InputError(`${where}: expect.allowed (or expect.valid) is required`);
  let request: AdmissionRequest;
  try {
    if (typeof raw.request === "string") request = toAdmissionRequest(readDocument(resolve(baseDir, raw.request)));
    else if (raw.object !== undefined || raw.oldObject !== undefined) {
      const operation = (raw.operation as AdmissionRequest["operation"]) ?? "CREATE";
      const object = operation === "DELETE" ? (raw.oldObject ?? raw.object) : raw.object;
      request = wrapObject(object, {
        operation,
        oldObject: operation === "DELETE" ? undefined : raw.oldObject,
        subResource: raw.subResource as string | undefined,
        resource: raw.resource as string | undefined,
      });
    } else throw new InputError("a case needs request (a fixture file) or object");
  } catch (err) {
    throw new InputError(`${where}: ${(err as Error).message}`);
  }
  return { ...base, request };
}

export function loadCaseFile(path: string, document: unknown = readDocument(path)): CaseFile {
  const doc = document as Record<string, unknown> | null;
  if (!doc || !Array.isArray(doc.cases)) throw new InputError(`${path}: a case file has a list named cases`);
  unknownKeys(doc, FILE_KEYS, path, "top-level keys");
  const baseDir = dirname(path);
  const policy = typeof doc.policy === "string" ? doc.policy : basename(baseDir);
  return {
    path,
    policy,
    module: typeof doc.module === "string" ? resolve(baseDir, doc.module) : undefined,
    cases: doc.cases.map((c, i) => parseCase(c as Record<string, unknown>, i, doc, baseDir, path)),
  };
}
