// A test module that makes the one host call its settings name
// ({"namespace", "operation", "payload": <JSON text>}) and rejects every request
// with "answer: <response>" or "error: <host error>", so that a test reads what
// the host answered through a real guest.
import { definePolicy, ALL_OPERATIONS, SettingsReader, ValidationRequest, ValidationResponse, reject } from "@wardenkit/sdk";
import { hostCall, utf8 } from "../../sdk/assembly/wapc";

class Call {
  constructor(readonly namespace: string, readonly operation: string, readonly payload: string) {}
}

function parseSettings(reader: SettingsReader): Call {
  return new Call(reader.string("namespace", ""), reader.string("operation", ""), reader.string("payload", ""));
}

function validate(request: ValidationRequest, call: Call): ValidationResponse {
  const result = hostCall("kubewarden", call.namespace, call.operation, utf8(call.payload));
  return reject(result.ok ? "answer: " + String.UTF8.decode(result.payload) : "error: " + result.error);
}

definePolicy<Call>(parseSettings, validate, ALL_OPERATIONS);
export { __guest_call } from "@wardenkit/sdk";
