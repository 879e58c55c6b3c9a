// A policy that warns with the request's name in lower case, by the SDK's asciiLower:
// test/sdk/ascii-case-size.test.ts compares its size with lower-case-unicode.ts.
import { definePolicy, ALL_OPERATIONS, SettingsReader, ValidationRequest, ValidationResponse, accept, asciiLower } from "@wardenkit/sdk";

class NoSettings {}

function parseSettings(reader: SettingsReader): NoSettings {
  return new NoSettings();
}

function validate(request: ValidationRequest, settings: NoSettings): ValidationResponse {
  return accept().warn(asciiLower(request.name));
}

definePolicy<NoSettings>(parseSettings, validate, ALL_OPERATIONS);
export { __guest_call } from "@wardenkit/sdk";
