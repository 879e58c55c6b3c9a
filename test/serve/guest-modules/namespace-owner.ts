// A context-aware test policy: a request is accepted only when its namespace
// has an `owner` label. It also lists the namespace's app=web pods (to show a
// list reaches the cluster) and, for an object named secret-probe, reads a
// Secret it was not granted, to show the server enforces contextAwareResources.
import {
  handleCall, ValidationRequest, ValidationResponse, JsonValue, SettingsValidationResponse,
  accept, reject, settingsValid, getResource, listResourcesByNamespace,
} from "../../../sdk/assembly";

function validate(request: ValidationRequest): ValidationResponse {
  if (request.name == "secret-probe") {
    const secret = getResource("v1", "Secret", "token", request.namespace);
    return secret.ok ? accept() : reject(secret.error);
  }
  const namespace = getResource("v1", "Namespace", request.namespace, null, request.name == "fresh");
  if (!namespace.ok) return reject("cannot read namespace: " + namespace.error);
  const pods = listResourcesByNamespace("v1", "Pod", request.namespace, "app=web");
  if (!pods.ok) return reject("cannot list pods: " + pods.error);
  const owner = namespace.value.get("metadata").get("labels").get("owner");
  if (owner.isAbsent) return reject("namespace " + request.namespace + " has no owner label (" + pods.items.length.toString() + " web pods)");
  return accept();
}

function validateSettings(settings: JsonValue): SettingsValidationResponse {
  return settingsValid();
}

export function __guest_call(operationSize: i32, payloadSize: i32): i32 {
  return handleCall(operationSize, payloadSize, validate, validateSettings);
}
