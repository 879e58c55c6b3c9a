// Policy suite files for `wardenkit test`: policies as manifests (files, folders or
// inline), the modules they name mapped to local ones, cluster objects, and resources
// with the result each policy must give them.
//
//   policies: [../../deploy/policy-set]
//   modules: {registry://ghcr.io/…/required-labels:v0.1.0: required-labels}
//   cluster: cluster.yaml
//   resources:
//     - name: unlabelled pod
//       file: pods/unlabelled.yaml           # or files: […], object: {…}, objects: […]
//       operation: UPDATE                     # CREATE by default; UPDATE needs oldObject/oldFile
//       results: {required-labels: fail, run-as-non-root: {result: pass}}   # for every object
//       perObject: {Deployment/web: {required-labels: pass}}                 # or for one (per-object-results.ts)
//
// A resource that cannot be read is kept as a malformed entry, reported as a failed case, so
// the rest of the suite still runs.
import { dirname, resolve } from "node:path";
import type { PolicyObject } from "../manifests/policy-documents.ts";
import type { AdmissionRequest } from "../host/admission-request.ts";
import type { KubernetesObject } from "../kubewarden/kubernetes-object.ts";
import { flattenObjects, InputError, readClusterObjects, readDocument } from "../inputs/documents.ts";
import { readObjects } from "../inputs/object-files.ts";
import { RESULTS, type Result } from "./verdict.ts";
import { SuiteError } from "./suite-error.ts";
import { isMalformed, type MalformedEntry } from "./case-result.ts";
import { resultsPerObject, type Results } from "./per-object-results.ts";

export interface ExpectedResult {
  result: Result;
  /** A regular expression the denial (or skip reason) must match. */
  message?: RegExp;
}

export interface SuiteResource {
  name: string;
  /** Each object with the results it must get. */
  objects: { object: KubernetesObject; source: string; results: Results }[];
  operation: AdmissionRequest["operation"];
  oldObject?: KubernetesObject;
  userInfo?: AdmissionRequest["userInfo"];
  resource?: string;
  subResource?: string;
  replay?: string;
  where: string;
}

export interface SuiteFile {
  path: string;
  policyPaths: string[];
  inlinePolicies: { object: PolicyObject; source: string }[];
  modules: Record<string, string>;
  cluster?: KubernetesObject[];
  controllerNamespace?: string;
  /** Every resource entry, in the file's order: a resource, or why it cannot be one. */
  entries: (SuiteResource | MalformedEntry)[];
  /** The entries that are resources. */
  resources: SuiteResource[];
}

const SUITE_KEYS = new Set(["policies", "modules", "cluster", "controllerNamespace", "resources"]);
const RESOURCE_KEYS = new Set(["name", "file", "files", "object", "objects", "operation", "oldObject", "oldFile", "userInfo", "resource", "subResource", "replay", "results", "perObject"]);
const OPERATIONS = ["CREATE", "UPDATE", "DELETE", "CONNECT"];

/** A suite names its policies; a case file (cases.yaml) names its cases. */
export function isSuiteDocument(doc: unknown): boolean {
  return typeof doc === "object" && doc !== null && "policies" in doc && "resources" in doc;
}

function unknownKeys(value: Record<string, unknown>, allowed: Set<string>, where: string): void {
  const unknown = Object.keys(value).filter((k) => !allowed.has(k));
  if (unknown.length) throw new SuiteError(`${where}: unknown key${unknown.length > 1 ? "s" : ""} ${unknown.join(", ")} (known: ${[...allowed].join(", ")})`);
}

function expected(value: unknown, where: string): ExpectedResult {
  const spec = typeof value === "string" ? { result: value } : value as { result?: unknown; message?: unknown };
  if (typeof spec !== "object" || spec === null) throw new SuiteError(`${where}: expected ${RESULTS.join(", ")} or {result, message}`);
  unknownKeys(spec as Record<string, unknown>, new Set(["result", "message"]), where);
  if (!RESULTS.includes(spec.result as Result)) throw new SuiteError(`${where}: result must be ${RESULTS.join(", ")}, not ${JSON.stringify(spec.result)}`);
  if (spec.message !== undefined && typeof spec.message !== "string") throw new SuiteError(`${where}: message must be a regular expression in a string`);
  let message: RegExp | undefined;
  try {
    message = spec.message === undefined ? undefined : new RegExp(spec.message as string);
  } catch (err) {
    throw new SuiteError(`${where}: message is not a regular expression: ${(err as Error).message}`);
  }
  return { result: spec.result as Result, ...(message ? { message } : {}) };
}

function objectsOf(raw: Record<string, unknown>, baseDir: string, where: string): { object: KubernetesObject; source: string }[] {
  const given = ["file", "files", "object", "objects"].filter((k) => raw[k] !== undefined);
  if (given.length !== 1) throw new SuiteError(`${where}: give exactly one of file, files, object or objects`);
  if (raw.object !== undefined) return flattenObjects([raw.object], where).map((object) => ({ object, source: where }));
  if (raw.objects !== undefined) {
    if (!Array.isArray(raw.objects)) throw new SuiteError(`${where}: objects must be a list`);
    return flattenObjects(raw.objects, where).map((object, i) => ({ object, source: `${where} #${i + 1}` }));
  }
  const files = raw.file !== undefined ? [raw.file] : raw.files;
  if (!Array.isArray(files) || !files.every((f) => typeof f === "string")) throw new SuiteError(`${where}: file is a path, files a list of paths`);
  const objects = readObjects(files.map((f) => resolve(baseDir, f as string)));
  if (objects.length === 0) throw new SuiteError(`${where}: ${files.join(", ")} hold no objects`);
  return objects;
}

function mapping(value: unknown, problem: string): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new SuiteError(problem);
  return value as Record<string, unknown>;
}

function resultsOf(value: unknown, where: string): Results {
  const given = mapping(value, `${where}: results must map policies to ${RESULTS.join(", ")}`);
  return new Map(Object.entries(given).map(([policy, want]) => [policy, expected(want, `${where}, result for ${policy}`)]));
}

/** A resource entry, or what keeps it from being one (its message without the file and name). */
function resourceEntry(raw: unknown, index: number, baseDir: string, file: string): SuiteResource | MalformedEntry {
  const name = typeof (raw as { name?: unknown } | null)?.name === "string" ? (raw as { name: string }).name : `resource ${index + 1}`;
  try {
    return parseResource(raw, index, baseDir, file);
  } catch (err) {
    if (!(err instanceof SuiteError || err instanceof InputError)) throw err;
    return { name, problem: withoutPrefix(err.message, `${file}: ${name}`) };
  }
}

/** A message of one entry without the file and name its result already carries. */
export function withoutPrefix(message: string, where: string): string {
  for (const prefix of [`${where}: `, `${where}, `, `${where.split(": ")[0]}: `]) if (message.startsWith(prefix)) return message.slice(prefix.length);
  return message;
}

function parseResource(raw: unknown, index: number, baseDir: string, file: string): SuiteResource {
  if (typeof raw !== "object" || raw === null) throw new SuiteError(`${file}: resource ${index + 1} must be a mapping`);
  const r = raw as Record<string, unknown>;
  const name = typeof r.name === "string" ? r.name : `resource ${index + 1}`;
  const where = `${file}: ${name}`;
  unknownKeys(r, RESOURCE_KEYS, where);
  const operation = (r.operation ?? "CREATE") as AdmissionRequest["operation"];
  if (!OPERATIONS.includes(operation)) throw new SuiteError(`${where}: operation must be ${OPERATIONS.join(", ")}`);
  const objects = objectsOf(r, baseDir, where);
  let oldObject: KubernetesObject | undefined;
  if (r.oldObject !== undefined) [oldObject] = flattenObjects([r.oldObject], `${where}: oldObject`);
  else if (typeof r.oldFile === "string") [oldObject] = readClusterObjects(resolve(baseDir, r.oldFile));
  if (operation === "UPDATE" && !oldObject) throw new SuiteError(`${where}: an UPDATE needs the object before the change: oldObject or oldFile`);
  if (operation !== "UPDATE" && oldObject) throw new SuiteError(`${where}: only an UPDATE has an old object (a DELETE names the deleted object as its object)`);
  const results = r.results === undefined && r.perObject !== undefined ? undefined : resultsOf(r.results, where);
  const perObject = new Map(Object.entries(mapping(r.perObject ?? {}, `${where}: perObject must map objects (Kind/name) to results`))
    .map(([key, value]) => [key, resultsOf(value, `${where}, perObject ${key}`)]));
  const perResults = resultsPerObject(objects, results, perObject, where);
  for (const key of ["resource", "subResource", "replay"] as const) {
    if (r[key] !== undefined && typeof r[key] !== "string") throw new SuiteError(`${where}: ${key} must be a string`);
  }
  return {
    name,
    objects: objects.map((o, i) => ({ ...o, results: perResults[i] })),
    operation,
    oldObject,
    userInfo: r.userInfo as AdmissionRequest["userInfo"] | undefined,
    resource: r.resource as string | undefined,
    subResource: r.subResource as string | undefined,
    replay: typeof r.replay === "string" ? resolve(baseDir, r.replay) : undefined,
    where,
  };
}

function policyEntries(value: unknown, baseDir: string, file: string): Pick<SuiteFile, "policyPaths" | "inlinePolicies"> {
  if (!Array.isArray(value) || value.length === 0) throw new SuiteError(`${file}: policies must list manifest files, folders or inline manifests`);
  const policyPaths: string[] = [], inlinePolicies: SuiteFile["inlinePolicies"] = [];
  value.forEach((entry, i) => {
    if (typeof entry === "string") policyPaths.push(resolve(baseDir, entry));
    else if (typeof entry === "object" && entry !== null) inlinePolicies.push({ object: entry as PolicyObject, source: `${file}: policies[${i}]` });
    else throw new SuiteError(`${file}: policies[${i}] must be a path or a manifest`);
  });
  return { policyPaths, inlinePolicies };
}

export function loadSuiteFile(path: string, doc: unknown = readDocument(path)): SuiteFile {
  const baseDir = dirname(path);
  try {
    const d = doc as Record<string, unknown>;
    unknownKeys(d, SUITE_KEYS, path);
    if (!Array.isArray(d.resources)) throw new SuiteError(`${path}: resources must be a list`);
    const modules = (d.modules ?? {}) as Record<string, unknown>;
    if (typeof modules !== "object" || modules === null || Array.isArray(modules) || Object.values(modules).some((v) => typeof v !== "string")) throw new SuiteError(`${path}: modules maps module locations to a policy name or file`);
    let cluster: KubernetesObject[] | undefined;
    if (typeof d.cluster === "string") cluster = readClusterObjects(resolve(baseDir, d.cluster));
    else if (Array.isArray(d.cluster)) cluster = flattenObjects(d.cluster, `${path}: cluster`);
    else if (d.cluster !== undefined) throw new SuiteError(`${path}: cluster must be a file or a list of objects`);
    const entries = d.resources.map((r, i) => resourceEntry(r, i, baseDir, path));
    return {
      path,
      ...policyEntries(d.policies, baseDir, path),
      modules: modules as Record<string, string>,
      cluster,
      controllerNamespace: typeof d.controllerNamespace === "string" ? d.controllerNamespace : undefined,
      entries,
      resources: entries.filter((e): e is SuiteResource => !isMalformed(e)),
    };
  } catch (err) {
    if (err instanceof InputError) throw new SuiteError(err.message.startsWith(path) ? err.message : `${path}: ${err.message}`);
    throw err;
  }
}
