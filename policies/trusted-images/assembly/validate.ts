import {
  ValidationRequest, ValidationResponse, accept, reject, mutate, describeObject, mustBe, podSpecOf, CODE_BAD_REQUEST, CODE_INTERNAL_ERROR,
} from "@wardenkit/sdk";
import { Settings } from "./settings";
import { reviewImages } from "./review";
import { applyPins } from "./pin";

export function validate(request: ValidationRequest, settings: Settings): ValidationResponse {
  const object = request.object;
  const location = podSpecOf(object, request.kind);
  if (location === null) return accept(); // neither a Pod nor a workload
  if (!object.isObject) return reject(describeObject(request, object) + ": the request carries no object", CODE_BAD_REQUEST);
  if (!location.spec.isObject) return reject(describeObject(request, object) + ": " + mustBe(location.dottedPath, "an object", location.spec), CODE_BAD_REQUEST);

  const review = reviewImages(location, settings);
  if (review.badInput !== null) return reject(describeObject(request, object) + ": " + review.badInput!, CODE_BAD_REQUEST);
  if (review.problems.length > 0) return reject(describeObject(request, object) + ": " + review.problems.join("; "));
  if (review.hostError !== null) return reject(describeObject(request, object) + ": " + review.hostError!, CODE_INTERNAL_ERROR);
  if (review.pins.length == 0) return accept();
  return mutate(applyPins(object, review.pins));
}
