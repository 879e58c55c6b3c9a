// Declarative policy test cases (cases.yaml): each names its request (a
// fixture or a plain object wrapped for an operation), settings, cluster state
// and the verdict it expects. A case that cannot be read is kept as a malformed
// entry, reported as a failed case, so the rest of the file still runs.
import { dirname, resolve, basename } from "node:path";
import { toAdmissionRequest, type AdmissionRequest } from "../host/admission-request.ts";
import type { KubernetesObject } from "../kubewarden/kubernetes-object.ts";
import { flattenObjects, InputError, readClusterObjects, readDocument } from "../inputs/documents.ts";
import { wrapObject } from "../host/wrap-object.ts";
import { HostCapabilityAllowList, HostCapabilityPatternError } from "../host/capabilities/allow-list.ts";
import { isMalformed, type MalformedEntry } from "../policyset/case-result.ts";

export interface Expectation {
  /** Validation cases: the verdict. */
  allowed?: boolean;
  /** Validation cases: whether the policy's rules send the request at all (true unless said). */
  sent?: boolean;
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
  /** Every entry, in the file's order: a case, or why it cannot be one. */
  entries: (PolicyCase | MalformedEntry)[];
  /** The entries that are cases. */
  cases: PolicyCase[];
}

/** A typo in a key would make a case that checks nothing, so every key is one of these. */
const FILE_KEYS = new Set(["policy", "module", "settings", "cluster", "hostCapabilities", "cases"]);
const EXPECT_KEYS = new Set(["allowed", "sent", "valid", "message", "code", "patch", "warnings"]);
const OPERATIONS = new Set(["CREATE", "UPDATE", "DELETE", "CONNECT"]);
const CASE_KEYS = new Set(["name", "request", "object", "oldObject", "operation", "subResource", "resource", "settings", "cluster", "replay", "hostCapabilities", "expect", "kind"]);

function cluster(value: unknown, baseDir: string): KubernetesObject[] | undefined {
  if (value === undefined) return undefined;
  if (typeof value === "string") return readClusterObjects(resolve(baseDir, value));
  if (Array.isArray(value)) return flattenObjects(value, "cluster");
  throw new InputError("cluster must be a list of objects or a file name");
}

function allowList(value: unknown): HostCapabilityAllowList | undefined {
  if (value === undefined) return undefined;
  try {
    return HostCapabilityAllowList.parse(value);
  } catch (err) {
    if (err instanceof HostCapabilityPatternError) throw new InputError(err.message);
    throw err;
  }
}

function unknownKeys(value: Record<string, unknown>, known: Set<string>, what: string): void {
  const unknown = Object.keys(value).filter((k) => !known.has(k));
  if (unknown.length > 0) throw new InputError(`unknown ${what} ${unknown.join(", ")} (known: ${[...known].join(", ")})`);
}

/** The types of an expectation's values, so `code: "400"` is an error rather than a case that cannot pass. */
function checkExpectation(expect: Record<string, unknown>): void {
  unknownKeys(expect, EXPECT_KEYS, "expect keys");
  const wrong = (key: string, what: string) => new InputError(`expect.${key} must be ${what}`);
  for (const key of ["allowed", "sent", "valid"]) if (expect[key] !== undefined && typeof expect[key] !== "boolean") throw wrong(key, "true or false");
  if (expect.message !== undefined && typeof expect.message !== "string") throw wrong("message", "a regular expression (a string)");
  if (expect.code !== undefined && !Number.isInteger(expect.code)) throw wrong("code", "an HTTP status code (a whole number)");
  if (expect.patch !== undefined && expect.patch !== "none" && !Array.isArray(expect.patch)) throw wrong("patch", '"none" or a list of JSONPatch operations');
  if (expect.warnings !== undefined && !(Array.isArray(expect.warnings) && expect.warnings.every((w) => typeof w === "string"))) {
    throw wrong("warnings", "a list of regular expressions (strings)");
  }
  if (expect.valid !== undefined && (expect.allowed !== undefined || expect.sent !== undefined)) {
    throw new InputError("expect.valid makes a settings case, expect.allowed and expect.sent a validation case: give one or the other");
  }
  if (expect.valid === undefined && expect.allowed === undefined && expect.sent !== false) {
    throw new InputError("expect.allowed (or expect.valid) is required");
  }
}

function requestOf(raw: Record<string, unknown>, baseDir: string): AdmissionRequest {
  if (raw.operation !== undefined && !OPERATIONS.has(raw.operation as string)) {
    throw new InputError(`operation ${JSON.stringify(raw.operation)} is not one of ${[...OPERATIONS].join(", ")}`);
  }
  if (typeof raw.request === "string") return toAdmissionRequest(readDocument(resolve(baseDir, raw.request)));
  if (raw.object === undefined && raw.oldObject === undefined) throw new InputError("a case needs request (a fixture file) or object");
  const operation = (raw.operation as AdmissionRequest["operation"]) ?? "CREATE";
  const object = operation === "DELETE" ? (raw.oldObject ?? raw.object) : raw.object;
  return wrapObject(object, {
    operation,
    oldObject: operation === "DELETE" ? undefined : raw.oldObject,
    subResource: raw.subResource as string | undefined,
    resource: raw.resource as string | undefined,
  });
}

interface FileDefaults {
  settings: unknown;
  cluster?: KubernetesObject[];
  hostCapabilities?: HostCapabilityAllowList;
}

function parseCase(raw: Record<string, unknown>, name: string, defaults: FileDefaults, baseDir: string): PolicyCase {
  unknownKeys(raw, CASE_KEYS, "keys");
  if (typeof raw.expect !== "object" || raw.expect === null || Array.isArray(raw.expect)) throw new InputError("expect is required");
  checkExpectation(raw.expect as Record<string, unknown>);
  const expect = raw.expect as Expectation;
  const base: PolicyCase = {
    name,
    settings: raw.settings ?? defaults.settings,
    expect,
    cluster: raw.cluster === undefined ? defaults.cluster : cluster(raw.cluster, baseDir),
    replay: typeof raw.replay === "string" ? resolve(baseDir, raw.replay) : undefined,
    hostCapabilities: raw.hostCapabilities === undefined ? defaults.hostCapabilities : allowList(raw.hostCapabilities),
  };
  if (expect.valid !== undefined) return base; // a settings case
  return { ...base, request: requestOf(raw, baseDir) };
}

/** One entry of `cases`: the case, or what keeps it from being one. */
function entryOf(raw: unknown, index: number, defaults: FileDefaults, baseDir: string): PolicyCase | MalformedEntry {
  const mapping = typeof raw === "object" && raw !== null && !Array.isArray(raw);
  const named = mapping && typeof (raw as { name?: unknown }).name === "string";
  const name = named ? (raw as { name: string }).name : `case ${index + 1}`;
  if (!mapping) return { name, problem: `a case is a mapping with name, a request or object, and expect; got ${JSON.stringify(raw)}` };
  try {
    return parseCase(raw as Record<string, unknown>, name, defaults, baseDir);
  } catch (err) {
    return { name, problem: (err as Error).message };
  }
}

/** Reads a case file; a problem of the file as a whole (not of one case) is an InputError naming it. */
export function loadCaseFile(path: string, document: unknown = readDocument(path)): CaseFile {
  const doc = document as Record<string, unknown> | null;
  if (!doc || !Array.isArray(doc.cases)) throw new InputError(`${path}: a case file has a list named cases`);
  const baseDir = dirname(path);
  let defaults: FileDefaults;
  try {
    unknownKeys(doc, FILE_KEYS, "top-level keys");
    defaults = { settings: doc.settings ?? {}, cluster: cluster(doc.cluster, baseDir), hostCapabilities: allowList(doc.hostCapabilities) };
  } catch (err) {
    throw new InputError(`${path}: ${(err as Error).message}`);
  }
  const entries = doc.cases.map((raw, i) => entryOf(raw, i, defaults, baseDir));
  return {
    path,
    policy: typeof doc.policy === "string" ? doc.policy : basename(baseDir),
    module: typeof doc.module === "string" ? resolve(baseDir, doc.module) : undefined,
    entries,
    cases: entries.filter((e): e is PolicyCase => !isMalformed(e)),
  };
}
