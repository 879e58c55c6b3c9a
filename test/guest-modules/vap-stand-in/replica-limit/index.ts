// Stand-in for: object.spec.replicas <= 5, message "replicas must be no greater than 5",
// reason Invalid (the default): 422.
import { definePolicy, Operation, SettingsReader, ValidationRequest, ValidationResponse, accept, reject } from "@wardenkit/sdk";

class Settings {}

function parseSettings(_reader: SettingsReader): Settings {
  return new Settings();
}

function validate(request: ValidationRequest, _settings: Settings): ValidationResponse {
  const replicas = request.object.get("spec").get("replicas");
  if (!replicas.isInteger) return reject("expression 'object.spec.replicas <= 5' resulted in error: no such key: replicas", 422);
  return replicas.intOr(0) <= 5 ? accept() : reject("replicas must be no greater than 5", 422);
}

definePolicy<Settings>(parseSettings, validate, Operation.Create | Operation.Update);
export { __guest_call } from "@wardenkit/sdk";
