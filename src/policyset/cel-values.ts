// JSON values as CEL sees a Kubernetes object: maps, lists, int for whole numbers
// (the API server's unstructured objects hold int64), double otherwise.
import type { CelInput } from "@bufbuild/cel";

export function toCel(value: unknown): CelInput {
  if (value === null || value === undefined) return null;
  if (typeof value === "number") return Number.isInteger(value) ? BigInt(value) : value;
  if (typeof value === "string" || typeof value === "boolean") return value;
  if (Array.isArray(value)) return value.map(toCel);
  if (typeof value === "object") return new Map(Object.entries(value).map(([k, v]) => [k, toCel(v)]));
  return String(value);
}
