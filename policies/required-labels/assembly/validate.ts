import {
  ValidationRequest, ValidationResponse, JsonValue, accept, reject, describeObject, CODE_BAD_REQUEST,
} from "../../../sdk/assembly";
import { Settings } from "./settings";

/** The keys of `wanted` that `map` lacks (an empty value counts as present). */
function missingKeys(map: JsonValue, wanted: string[]): string[] {
  const missing = new Array<string>();
  for (let i = 0; i < wanted.length; i++) {
    if (map.get(wanted[i]).isMissing) missing.push(wanted[i]);
  }
  return missing;
}

export function validate(request: ValidationRequest): ValidationResponse {
  if (request.isDelete) return accept();
  const settings = Settings.parse(request.settings);
  if (settings.error !== null) return reject("invalid settings: " + settings.error!, CODE_BAD_REQUEST);
  const object = request.object;
  if (!object.isObject) return reject("the request carries no object to check", CODE_BAD_REQUEST);
  const metadata = object.get("metadata");
  if (!metadata.isAbsent && !metadata.isObject) return reject("metadata must be an object, not " + metadata.typeName, CODE_BAD_REQUEST);
  const labels = metadata.get("labels");
  const annotations = metadata.get("annotations");
  if (!labels.isAbsent && !labels.isObject) return reject("metadata.labels must be an object, not " + labels.typeName, CODE_BAD_REQUEST);
  if (!annotations.isAbsent && !annotations.isObject) return reject("metadata.annotations must be an object, not " + annotations.typeName, CODE_BAD_REQUEST);

  const missingLabels = missingKeys(labels, settings.requiredLabels);
  const missingAnnotations = missingKeys(annotations, settings.requiredAnnotations);
  if (missingLabels.length == 0 && missingAnnotations.length == 0) return accept();

  const problems = new Array<string>();
  if (missingLabels.length > 0) problems.push("labels " + missingLabels.join(", "));
  if (missingAnnotations.length > 0) problems.push("annotations " + missingAnnotations.join(", "));
  return reject(describeObject(request, object) + " is missing required " + problems.join(" and "));
}
