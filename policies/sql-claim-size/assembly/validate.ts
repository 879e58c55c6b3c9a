import {
  ValidationRequest, ValidationResponse, accept, reject, describeObject, CODE_BAD_REQUEST,
} from "../../../sdk/assembly";
import { Settings } from "./settings";

export function validate(request: ValidationRequest): ValidationResponse {
  if (request.isDelete) return accept();
  const settings = Settings.parse(request.settings);
  if (settings.error !== null) return reject("invalid settings: " + settings.error!, CODE_BAD_REQUEST);
  const claim = request.object;
  if (!claim.isObject) return reject("the request carries no claim to check", CODE_BAD_REQUEST);
  const name = describeObject(request, claim);
  if (!claim.get("metadata").isObject) return reject(name + " has no metadata", CODE_BAD_REQUEST);
  if (!claim.get("spec").isObject) return reject(name + " has no spec", CODE_BAD_REQUEST);

  const allowed = "; allowed sizes: " + settings.allowedSizes.join(", ");
  const size = claim.path(settings.sizePath);
  if (size.isAbsent) return reject(name + " has no size at " + settings.sizePath + allowed);
  const text = size.asString();
  if (text === null) return reject(name + " has a " + size.typeName + " size " + size.raw() + " at " + settings.sizePath + ", expected a string" + allowed);
  if (text.length == 0) return reject(name + " has an empty size at " + settings.sizePath + allowed);
  if (!settings.allows(text)) return reject(name + " asks for size '" + text + "', which is not allowed" + allowed);
  return accept();
}
