import {
  ValidationRequest, ValidationResponse, Operation, accept, reject, mutate, describeObject, mustBe, podSpecOf, setPath, CODE_BAD_REQUEST,
} from "@wardenkit/sdk";
import { Settings } from "./settings";
import { reviewPodSpec } from "./review";

const WINDOWS_WARNING = "runAsNonRoot and capabilities were not checked: the kubelet does not enforce them for Windows pods";
const POD_UPDATE_NOTE = " (a Pod's securityContext cannot change after creation, so it is not patched; recreate the Pod)";

export function validate(request: ValidationRequest, settings: Settings): ValidationResponse {
  const object = request.object;
  const kind = request.kind;
  const location = podSpecOf(object, kind);
  if (location === null) return accept(); // neither a Pod nor a workload
  if (!object.isObject) return reject(describeObject(request, object) + ": the request carries no object", CODE_BAD_REQUEST);
  if (!location.spec.isObject) return reject(describeObject(request, object) + ": " + mustBe(location.dottedPath, "an object", location.spec), CODE_BAD_REQUEST);
  if (location.podSpec.osName == "windows") return accept().warn(WINDOWS_WARNING);

  const review = reviewPodSpec(location, settings);
  if (review.badInput === null && review.problems.length == 0) return accept();
  // Named only now: accepting, the common case, builds no text.
  const name = describeObject(request, object);
  if (review.badInput !== null) return reject(name + ": " + review.badInput!, CODE_BAD_REQUEST);
  const message = name + ": " + review.problems.join("; ");
  if (!settings.mutate || !review.fixable) return reject(message);
  // The API server refuses any change to a running Pod's securityContext.
  if (kind.kind == "Pod" && request.isOperation(Operation.Update)) return reject(message + POD_UPDATE_NOTE);

  const path = location.path.slice(0);
  path.push("securityContext");
  path.push("runAsNonRoot");
  const patched = setPath(object, path, "true");
  if (patched === null) return reject(name + ": " + path.join(".") + " cannot be set", CODE_BAD_REQUEST);
  return mutate(patched);
}
