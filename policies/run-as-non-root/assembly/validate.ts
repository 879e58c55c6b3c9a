import {
  ValidationRequest, ValidationResponse, accept, reject, mutate, describeObject, podSpecOf, setPath, CODE_BAD_REQUEST,
} from "../../../sdk/assembly";
import { Settings } from "./settings";
import { reviewPodSpec } from "./review";

const WINDOWS_WARNING = "runAsNonRoot and capabilities were not checked: the kubelet does not enforce them for Windows pods";
const POD_UPDATE_NOTE = " (a Pod's securityContext cannot change after creation, so it is not patched; recreate the Pod)";

export function validate(request: ValidationRequest): ValidationResponse {
  if (request.isDelete) return accept();
  const settings = Settings.parse(request.settings);
  if (settings.error !== null) return reject("invalid settings: " + settings.error!, CODE_BAD_REQUEST);
  const object = request.object;
  const location = podSpecOf(object, request.kind.kind);
  if (location === null) return accept(); // neither a Pod nor a workload
  if (!object.isObject) return reject("the request carries no object to check", CODE_BAD_REQUEST);
  if (!location.spec.isObject) return reject(describeObject(request, object) + " has no pod spec at " + location.dottedPath, CODE_BAD_REQUEST);
  if (location.podSpec.osName == "windows") return accept().warn(WINDOWS_WARNING);

  const review = reviewPodSpec(location, settings);
  if (review.badInput === null && review.problems.length == 0) return accept();
  // Named only now: accepting, the common case, builds no text.
  const name = describeObject(request, object);
  if (review.badInput !== null) return reject(name + ": " + review.badInput!, CODE_BAD_REQUEST);
  const message = name + ": " + review.problems.join("; ");
  if (!settings.mutate || !review.fixable) return reject(message);
  // The API server refuses any change to a running Pod's securityContext.
  if (request.kind.kind == "Pod" && request.operation == "UPDATE") return reject(message + POD_UPDATE_NOTE);

  const path = location.path.concat(["securityContext", "runAsNonRoot"]);
  const patched = setPath(object, path, "true");
  if (patched === null) return reject(name + ": cannot set " + path.join("."), CODE_BAD_REQUEST);
  return mutate(patched);
}
