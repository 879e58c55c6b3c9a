// Checks a policy manifest against the openAPIV3Schema of the Kubewarden CRDs in
// deploy/crds/ (served storage version v1), plus the object metadata rules the API server
// applies to every custom resource. Other shipped CRDs (the OpenReports reports) load their
// schemas through loadCrdSchema.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv, type ValidateFunction } from "ajv";
import { parse } from "yaml";
import { PACKAGE_ASSETS } from "../io/package-root.ts";
import { ManifestError } from "./manifest-error.ts";
import { ALL_POLICY_KINDS, POLICIES_API_VERSION, type AnyPolicyKind } from "../kubewarden/policy-kinds.ts";
import { describeSchemaErrors } from "./schema-errors.ts";
import { KUBERNETES_KEYWORDS, toAjvSchema } from "./structural-schema.ts";

/** Shipped with wardenkit: the schemas do not depend on the project. */
export const CRD_DIR = PACKAGE_ASSETS.crds;
export type CheckedKind = AnyPolicyKind;
export const CRD_FILES: Record<CheckedKind, string> = {
  ClusterAdmissionPolicy: "policies.kubewarden.io_clusteradmissionpolicies.yaml",
  AdmissionPolicy: "policies.kubewarden.io_admissionpolicies.yaml",
  ClusterAdmissionPolicyGroup: "policies.kubewarden.io_clusteradmissionpolicygroups.yaml",
  AdmissionPolicyGroup: "policies.kubewarden.io_admissionpolicygroups.yaml",
};
const SCHEMA_VERSION = "v1";
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1123_SUBDOMAIN_MAX = 253;
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_LABEL_MAX = 63;
const INT32 = { min: -(2 ** 31), max: 2 ** 31 - 1 };

interface CrdVersion {
  name: string;
  served?: boolean;
  storage?: boolean;
  schema?: { openAPIV3Schema?: unknown };
}

interface Crd {
  spec: { scope: "Cluster" | "Namespaced"; versions: CrdVersion[] };
}

export interface CrdValidator {
  scope: "Cluster" | "Namespaced";
  validate: ValidateFunction;
}

function newAjv(): Ajv {
  // Non-strict: OpenAPI keywords such as `example` are not JSON Schema.
  const ajv = new Ajv({ strict: false, allErrors: true });
  for (const keyword of KUBERNETES_KEYWORDS) ajv.addKeyword({ keyword });
  ajv.addFormat("int32", { type: "number", validate: (n: number) => Number.isInteger(n) && n >= INT32.min && n <= INT32.max });
  ajv.addFormat("int64", { type: "number", validate: (n: number) => Number.isInteger(n) });
  ajv.addFormat("date-time", /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/i);
  return ajv;
}

/** The schema of `version` (served and stored) in the CRD file at `path`, for `kind`. */
export function loadCrdSchema(path: string, version: string, kind: string): CrdValidator {
  let crd: Crd;
  try {
    crd = parse(readFileSync(path, "utf8")) as Crd;
  } catch (err) {
    throw new ManifestError(`cannot read the ${kind} CRD ${path}: ${(err as Error).message.split("\n")[0]}`);
  }
  const served = crd?.spec?.versions?.find((v) => v.name === version && v.served && v.storage);
  if (!served?.schema?.openAPIV3Schema) throw new ManifestError(`${path} has no served storage version ${version} with an openAPIV3Schema`);
  return { scope: crd.spec.scope, validate: newAjv().compile(toAjvSchema(served.schema.openAPIV3Schema) as object) };
}

/** The served storage version's schema of one Kubewarden CRD file. */
export function loadCrdValidator(kind: CheckedKind, dir = CRD_DIR): CrdValidator {
  return loadCrdSchema(join(dir, CRD_FILES[kind]), SCHEMA_VERSION, kind);
}

const validators = new Map<CheckedKind, CrdValidator>();

function validatorFor(kind: CheckedKind): CrdValidator {
  if (!validators.has(kind)) validators.set(kind, loadCrdValidator(kind));
  return validators.get(kind)!;
}

function isCheckedKind(kind: unknown): kind is CheckedKind {
  return ALL_POLICY_KINDS.includes(kind as CheckedKind);
}

function checkObjectMeta(kind: CheckedKind, scope: CrdValidator["scope"], metadata: { name?: unknown; namespace?: unknown }): void {
  const { name, namespace } = metadata ?? {};
  if (typeof name !== "string" || !DNS1123_SUBDOMAIN.test(name) || name.length > DNS1123_SUBDOMAIN_MAX) {
    throw new ManifestError(`metadata.name ${JSON.stringify(name)} is not a valid name: use lower-case letters, digits, '-' and '.', starting and ending with a letter or digit (at most ${DNS1123_SUBDOMAIN_MAX} characters)`);
  }
  if (scope === "Cluster" && namespace !== undefined) throw new ManifestError(`this ${kind} is cluster-scoped, so metadata.namespace must not be set`);
  if (scope === "Namespaced" && namespace === undefined) throw new ManifestError(`this ${kind} is namespaced, so metadata.namespace must be set`);
  if (scope === "Namespaced" && (typeof namespace !== "string" || !DNS1123_LABEL.test(namespace) || namespace.length > DNS1123_LABEL_MAX)) {
    throw new ManifestError(`metadata.namespace ${JSON.stringify(namespace)} is not a valid namespace: use lower-case letters, digits and '-' (at most ${DNS1123_LABEL_MAX} characters)`);
  }
}

/** Throws a ManifestError naming every field the API server would refuse. */
export function validatePolicyManifest(manifest: unknown): void {
  const { apiVersion, kind, metadata } = (manifest ?? {}) as { apiVersion?: unknown; kind?: unknown; metadata?: { name?: unknown; namespace?: unknown } };
  if (!isCheckedKind(kind)) throw new ManifestError(`kind must be ${ALL_POLICY_KINDS.join(", ")}, not ${JSON.stringify(kind)}`);
  if (apiVersion !== POLICIES_API_VERSION) throw new ManifestError(`apiVersion must be ${POLICIES_API_VERSION}, not ${JSON.stringify(apiVersion)}`);
  const { scope, validate } = validatorFor(kind);
  checkObjectMeta(kind, scope, metadata ?? {});
  if (!validate(manifest)) {
    const problems = describeSchemaErrors(validate.errors!, manifest);
    throw new ManifestError(`the ${kind} does not match its CRD schema: ${problems.join("; ")}`);
  }
}
