// A policy that warns with the request's name in lower case, by String#toLowerCase:
// test/sdk/ascii-case-size.test.ts compares its size with lower-case-ascii.ts.
import { definePolicy, ALL_OPERATIONS, SettingsReader, ValidationRequest, ValidationResponse, accept } from "@wardenkit/sdk";

class NoSettings {}

function parseSettings(reader: SettingsReader): NoSettings {
  return new NoSettings();
}

function validate(request: ValidationRequest, settings: NoSettings): ValidationResponse {
  return accept().warn(request.name.toLowerCase());
}

definePolicy<NoSettings>(parseSettings, validate, ALL_OPERATIONS);
export { __guest_call } from "@wardenkit/sdk";
