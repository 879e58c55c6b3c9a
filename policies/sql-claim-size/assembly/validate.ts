import {
  ValidationRequest, ValidationResponse, JsonValue, accept, reject, describeObject, mustBe, CODE_BAD_REQUEST,
} from "@wardenkit/sdk";
import { Settings } from "./settings";

export function validate(request: ValidationRequest, settings: Settings): ValidationResponse {
  const claim = request.object;
  if (!claim.isObject) return reject(describeObject(request, claim) + ": the request carries no object", CODE_BAD_REQUEST);
  const metadata = claim.get("metadata");
  if (!metadata.isObject) return wrongType(request, claim, "metadata", "an object", metadata);
  const spec = claim.get("spec");
  if (!spec.isObject) return wrongType(request, claim, "spec", "an object", spec);

  const size = claim.path(settings.sizePath);
  if (!size.isAbsent && !size.isString) return wrongType(request, claim, settings.sizePath, "a string", size);
  const text = size.stringOr("");
  if (settings.allows(text)) return accept();
  // Messages are built only for rejections: accepting, the common case, builds no text.
  const problem = size.isAbsent ? "has no size at " + settings.sizePath
    : text.length == 0 ? "has an empty size at " + settings.sizePath
    : "asks for size '" + text + "', which is not allowed";
  return reject(describeObject(request, claim) + " " + problem + "; allowed sizes: " + settings.allowedSizes.join(", "));
}

/** A 400 naming the field that has the wrong type. */
function wrongType(request: ValidationRequest, claim: JsonValue, path: string, wanted: string, value: JsonValue): ValidationResponse {
  return reject(describeObject(request, claim) + ": " + mustBe(path, wanted, value), CODE_BAD_REQUEST);
}
