// Routing of one waPC call to the policy's handlers. Malformed payloads become
// answers (a 400 rejection or {valid:false}), never traps.
import { JSON } from "json-as";
import { readGuestRequest, sendResponse, sendError, utf8 } from "./wapc";
import { parseJson, JsonValue } from "./json/value";
import {
  ValidationRequest, ValidationResponse, SettingsValidationResponse,
  reject, settingsInvalid, CODE_BAD_REQUEST,
} from "./protocol";

export type ValidateFn = (request: ValidationRequest) => ValidationResponse;
export type ValidateSettingsFn = (settings: JsonValue) => SettingsValidationResponse;

const VALIDATION_PARTS = ["request", "settings"];

/** The only protocol version a waPC policy may declare. */
const PROTOCOL_VERSION = "\"v1\"";

/** The most common answer, kept as UTF-8 bytes so accepting serialises nothing. */
const PLAIN_ACCEPT = "{\"accepted\":true}";
// @ts-ignore: decorator
@lazy const PLAIN_ACCEPT_BYTES = utf8(PLAIN_ACCEPT);

function isPlainAccept(response: ValidationResponse): bool {
  return response.accepted && response.message === null && response.code == 0 && response.mutatedObject === null
    && response.warnings === null && response.auditAnnotations === null;
}

function respondValidation(response: ValidationResponse): i32 {
  sendResponse(isPlainAccept(response) ? PLAIN_ACCEPT_BYTES : utf8(JSON.stringify(response)));
  return 1;
}

function respondSettings(response: SettingsValidationResponse): i32 {
  sendResponse(utf8(JSON.stringify(response)));
  return 1;
}

function runValidate(payload: ArrayBuffer, validate: ValidateFn): i32 {
  const doc = parseJson(payload);
  if (!doc.ok) return respondValidation(reject("the validation request is not valid JSON: " + doc.error!.toString(), CODE_BAD_REQUEST));
  const parts = doc.root.pick(VALIDATION_PARTS);
  if (!parts[0].isObject) return respondValidation(reject("the validation request has no request object", CODE_BAD_REQUEST));
  return respondValidation(validate(new ValidationRequest(parts[0], parts[1])));
}

function runValidateSettings(payload: ArrayBuffer, validateSettings: ValidateSettingsFn): i32 {
  const doc = parseJson(payload);
  if (!doc.ok) return respondSettings(settingsInvalid("settings are not valid JSON: " + doc.error!.toString()));
  const settings = doc.root;
  // policy-server sends {} for absent settings; a bare null means the same.
  if (!settings.isObject && !settings.isNull) return respondSettings(settingsInvalid("settings must be a JSON object, not " + settings.typeName));
  return respondSettings(validateSettings(settings));
}

/**
 * Handles one `__guest_call`. A policy's entry file exports:
 *   export function __guest_call(operationSize: i32, payloadSize: i32): i32 {
 *     return handleCall(operationSize, payloadSize, validate, validateSettings);
 *   }
 */
export function handleCall(operationSize: i32, payloadSize: i32, validate: ValidateFn, validateSettings: ValidateSettingsFn): i32 {
  const call = readGuestRequest(operationSize, payloadSize);
  let result: i32;
  if (call.is("validate")) result = runValidate(call.payload, validate);
  else if (call.is("validate_settings")) result = runValidateSettings(call.payload, validateSettings);
  else if (call.is("protocol_version")) {
    sendResponse(utf8(PROTOCOL_VERSION));
    result = 1;
  } else {
    sendError("unknown operation '" + call.operation + "': this policy answers validate, validate_settings and protocol_version");
    result = 0;
  }
  // The host has copied the answer; free everything this call allocated.
  __collect();
  return result;
}
