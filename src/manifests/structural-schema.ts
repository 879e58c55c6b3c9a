// Turns a Kubernetes structural schema (a CRD's openAPIV3Schema) into JSON Schema that ajv
// checks the way the API server does.
type Schema = Record<string, unknown>;

/** Keywords Kubernetes adds to OpenAPI; ajv must know them to accept the schema. */
export const KUBERNETES_KEYWORDS = [
  "x-kubernetes-embedded-resource",
  "x-kubernetes-int-or-string",
  "x-kubernetes-list-map-keys",
  "x-kubernetes-list-type",
  "x-kubernetes-map-type",
  "x-kubernetes-preserve-unknown-fields",
  "x-kubernetes-validations",
];

const SCHEMA_MAPS = ["properties", "patternProperties", "definitions"];
const SCHEMA_LISTS = ["allOf", "anyOf", "oneOf"];
const SINGLE_SCHEMAS = ["items", "additionalProperties", "not"];

function isSchema(value: unknown): value is Schema {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function mapValues(map: Schema, f: (value: unknown) => unknown): Schema {
  return Object.fromEntries(Object.entries(map).map(([key, value]) => [key, f(value)]));
}

/**
 * Walks only the keywords that hold schemas, so field names, defaults and enum values
 * are never mistaken for keywords.
 */
export function toAjvSchema(node: unknown): unknown {
  if (!isSchema(node)) return node;
  const out: Schema = { ...node };
  for (const key of SCHEMA_MAPS) if (isSchema(out[key])) out[key] = mapValues(out[key] as Schema, toAjvSchema);
  for (const key of SCHEMA_LISTS) if (Array.isArray(out[key])) out[key] = (out[key] as unknown[]).map(toAjvSchema);
  for (const key of SINGLE_SCHEMAS) if (isSchema(out[key])) out[key] = toAjvSchema(out[key]);

  if (out["x-kubernetes-int-or-string"] === true) out.type = ["integer", "string"];
  if (out.nullable === true && typeof out.type === "string") out.type = [out.type, "null"];
  delete out.nullable;
  // kubectl apply asks for strict field validation: an unknown field is an error, not silently pruned.
  const keepsUnknown = out["x-kubernetes-preserve-unknown-fields"] === true;
  if (isSchema(out.properties) && out.additionalProperties === undefined && !keepsUnknown) out.additionalProperties = false;
  return out;
}
