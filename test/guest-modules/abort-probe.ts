// A test module whose validate throws, to check how aborts reach the host.
import { definePolicy, ALL_OPERATIONS, SettingsReader, ValidationRequest, ValidationResponse, accept } from "@wardenkit/sdk";

class NoSettings {}

function parseSettings(reader: SettingsReader): NoSettings {
  return new NoSettings();
}

function validate(request: ValidationRequest, settings: NoSettings): ValidationResponse {
  if (request.operation == "CONNECT") throw new Error("connect is not expected here");
  return accept();
}

definePolicy<NoSettings>(parseSettings, validate, ALL_OPERATIONS);
export { __guest_call } from "@wardenkit/sdk";
