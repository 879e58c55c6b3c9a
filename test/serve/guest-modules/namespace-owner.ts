// A context-aware test policy: a request is accepted only when its namespace
// has an `owner` label. It also lists the namespace's app=web pods (to show a
// list reaches the cluster) and, for an object named secret-probe, reads a
// Secret it was not granted, to show the server enforces contextAwareResources.
import {
  definePolicy, ALL_OPERATIONS, SettingsReader, ValidationRequest, ValidationResponse,
  accept, reject, getResource, listResourcesByNamespace,
} from "@wardenkit/sdk";

class NoSettings {}

function parseSettings(reader: SettingsReader): NoSettings {
  return new NoSettings();
}

function validate(request: ValidationRequest, settings: NoSettings): ValidationResponse {
  if (request.name == "secret-probe") {
    const secret = getResource("v1", "Secret", "token", { namespace: request.namespace });
    return secret.ok ? accept() : reject(secret.error);
  }
  const namespace = getResource("v1", "Namespace", request.namespace, { disableCache: request.name == "fresh" });
  if (!namespace.ok) return reject("cannot read namespace: " + namespace.error);
  const pods = listResourcesByNamespace("v1", "Pod", request.namespace, { labelSelector: "app=web" });
  if (!pods.ok) return reject("cannot list pods: " + pods.error);
  const owner = namespace.value.get("metadata").get("labels").get("owner");
  if (owner.isAbsent) return reject("namespace " + request.namespace + " has no owner label (" + pods.items.length.toString() + " web pods)");
  return accept();
}

definePolicy<NoSettings>(parseSettings, validate, ALL_OPERATIONS);
export { __guest_call } from "@wardenkit/sdk";
