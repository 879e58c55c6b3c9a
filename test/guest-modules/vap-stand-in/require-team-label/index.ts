// Stand-in for: has(object.metadata.labels) && 'team' in object.metadata.labels, no message,
// reason Forbidden: 403 with "failed expression: …".
import { definePolicy, Operation, SettingsReader, ValidationRequest, ValidationResponse, accept, reject } from "@wardenkit/sdk";

class Settings {}

function parseSettings(_reader: SettingsReader): Settings {
  return new Settings();
}

function validate(request: ValidationRequest, _settings: Settings): ValidationResponse {
  const labels = request.object.get("metadata").get("labels");
  if (labels.isObject && !labels.get("team").isMissing) return accept();
  return reject("failed expression: has(object.metadata.labels) && 'team' in object.metadata.labels", 403);
}

definePolicy<Settings>(parseSettings, validate, Operation.Create | Operation.Update);
export { __guest_call } from "@wardenkit/sdk";
