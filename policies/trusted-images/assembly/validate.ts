import {
  ValidationRequest, ValidationResponse, accept, reject, mutate, describeObject, mustBe, podSpecOf, CODE_BAD_REQUEST, CODE_INTERNAL_ERROR,
} from "@wardenkit/sdk";
import { Settings } from "./settings";
import { reviewImages } from "./review";
import { applyPins } from "./pin";

/** Refuses the request with `why`, naming the object first. */
function refuse(request: ValidationRequest, why: string, code: i32 = 0): ValidationResponse {
  return reject(describeObject(request, request.object) + ": " + why, code);
}

export function validate(request: ValidationRequest, settings: Settings): ValidationResponse {
  const object = request.object;
  const location = podSpecOf(object, request.kind);
  if (location === null) return accept(); // neither a Pod nor a workload
  if (!object.isObject) return refuse(request, "the request carries no object", CODE_BAD_REQUEST);
  if (!location.spec.isObject) return refuse(request, mustBe(location.dottedPath, "an object", location.spec), CODE_BAD_REQUEST);

  const review = reviewImages(location, settings);
  if (review.badInput !== null) return refuse(request, review.badInput!, CODE_BAD_REQUEST);
  if (review.problems.length > 0) return refuse(request, review.problems.join("; "));
  if (review.hostError !== null) return refuse(request, review.hostError!, CODE_INTERNAL_ERROR);
  if (review.pins.length == 0) return accept();
  return mutate(applyPins(object, review.pins));
}
