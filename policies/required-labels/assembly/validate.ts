import {
  ValidationRequest, ValidationResponse, JsonValue, accept, reject, describeObject, mustBe, CODE_BAD_REQUEST,
} from "@wardenkit/sdk";
import { Settings } from "./settings";

/** The keys of `wanted` that `map` lacks (null counts as absent, an empty value as present). */
function missingKeys(map: JsonValue, wanted: string[]): string[] {
  const missing = new Array<string>();
  for (let i = 0; i < wanted.length; i++) {
    if (map.get(wanted[i]).isAbsent) missing.push(wanted[i]);
  }
  return missing;
}

/** A 400 naming the field that has the wrong type. */
function wrongType(request: ValidationRequest, object: JsonValue, path: string, value: JsonValue): ValidationResponse {
  return reject(describeObject(request, object) + ": " + mustBe(path, "an object", value), CODE_BAD_REQUEST);
}

export function validate(request: ValidationRequest, settings: Settings): ValidationResponse {
  const object = request.object;
  if (!object.isObject) return reject(describeObject(request, object) + ": the request carries no object", CODE_BAD_REQUEST);
  const metadata = object.get("metadata");
  if (!metadata.isAbsent && !metadata.isObject) return wrongType(request, object, "metadata", metadata);
  const labels = metadata.get("labels");
  const annotations = metadata.get("annotations");
  if (!labels.isAbsent && !labels.isObject) return wrongType(request, object, "metadata.labels", labels);
  if (!annotations.isAbsent && !annotations.isObject) return wrongType(request, object, "metadata.annotations", annotations);

  const missingLabels = missingKeys(labels, settings.requiredLabels);
  const missingAnnotations = missingKeys(annotations, settings.requiredAnnotations);
  if (missingLabels.length == 0 && missingAnnotations.length == 0) return accept();

  const problems = new Array<string>();
  if (missingLabels.length > 0) problems.push("labels " + missingLabels.join(", "));
  if (missingAnnotations.length > 0) problems.push("annotations " + missingAnnotations.join(", "));
  return reject(describeObject(request, object) + " is missing required " + problems.join(" and "));
}
