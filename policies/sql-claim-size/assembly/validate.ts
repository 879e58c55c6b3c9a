import {
  ValidationRequest, ValidationResponse, JsonValue, accept, reject, describeObject, CODE_BAD_REQUEST,
} from "../../../sdk/assembly";
import { Settings } from "./settings";

/** Why the size is wrong, or null when it is one of the allowed sizes. */
function sizeProblem(size: JsonValue, settings: Settings): string | null {
  if (size.isAbsent) return "has no size at " + settings.sizePath;
  const text = size.asString();
  if (text === null) return "has a " + size.typeName + " size " + size.raw() + " at " + settings.sizePath + ", expected a string";
  if (text.length == 0) return "has an empty size at " + settings.sizePath;
  if (!settings.allows(text)) return "asks for size '" + text + "', which is not allowed";
  return null;
}

export function validate(request: ValidationRequest): ValidationResponse {
  if (request.isDelete) return accept();
  const settings = Settings.parse(request.settings);
  if (settings.error !== null) return reject("invalid settings: " + settings.error!, CODE_BAD_REQUEST);
  const claim = request.object;
  if (!claim.isObject) return reject("the request carries no claim to check", CODE_BAD_REQUEST);
  if (!claim.get("metadata").isObject) return reject(describeObject(request, claim) + " has no metadata", CODE_BAD_REQUEST);
  if (!claim.get("spec").isObject) return reject(describeObject(request, claim) + " has no spec", CODE_BAD_REQUEST);

  const problem = sizeProblem(claim.path(settings.sizePath), settings);
  if (problem === null) return accept();
  // Messages are built only for rejections: accepting, the common case, builds no text.
  return reject(describeObject(request, claim) + " " + problem! + "; allowed sizes: " + settings.allowedSizes.join(", "));
}
