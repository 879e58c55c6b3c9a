// A test module whose validate throws, to check how aborts reach the host.
import { handleCall, ValidationRequest, ValidationResponse, JsonValue, SettingsValidationResponse, accept, settingsValid } from "../../sdk/assembly";

function validate(request: ValidationRequest): ValidationResponse {
  if (request.operation == "CONNECT") throw new Error("connect is not expected here");
  return accept();
}

function validateSettings(settings: JsonValue): SettingsValidationResponse {
  return settingsValid();
}

export function __guest_call(operationSize: i32, payloadSize: i32): i32 {
  return handleCall(operationSize, payloadSize, validate, validateSettings);
}
