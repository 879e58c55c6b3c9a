// ajv's errors as sentences that name the field the way kubectl does: spec.rules[0].operations.
import type { ErrorObject } from "ajv";

export function fieldPath(instancePath: string): string {
  const parts = instancePath.split("/").slice(1).map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"));
  return parts.reduce((path, part) => (/^\d+$/.test(part) ? `${path}[${part}]` : path ? `${path}.${part}` : part), "");
}

function valueAt(data: unknown, instancePath: string): unknown {
  const parts = instancePath.split("/").slice(1).map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"));
  return parts.reduce<unknown>((value, part) => (value as Record<string, unknown> | undefined)?.[part], data);
}

export function describeSchemaError(error: ErrorObject, data: unknown): string {
  const field = fieldPath(error.instancePath) || "the object";
  const got = ` (got ${JSON.stringify(valueAt(data, error.instancePath))})`;
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case "enum":
      return `${field} must be one of ${(params.allowedValues as unknown[]).join(", ")}${got}`;
    case "type":
      return `${field} must be ${[params.type].flat().join(" or ")}${got}`;
    case "required":
      return `${field} is missing ${params.missingProperty}`;
    case "additionalProperties":
      return `${field} has an unknown field ${params.additionalProperty}`;
    case "maximum":
    case "minimum":
      return `${field} must be ${params.comparison} ${params.limit}${got}`;
    default:
      return `${field} ${error.message}${got}`;
  }
}

/** The sentences for one validation, one per field: a value of the wrong type also fails its format, which says nothing new. */
export function describeSchemaErrors(errors: ErrorObject[], data: unknown): string[] {
  const seen = new Set<string>();
  return errors.flatMap((error) => {
    const perName = error.keyword === "required" || error.keyword === "additionalProperties";
    const key = perName ? `${error.instancePath} ${JSON.stringify(error.params)}` : error.instancePath;
    if (seen.has(key)) return [];
    seen.add(key);
    return [describeSchemaError(error, data)];
  });
}
