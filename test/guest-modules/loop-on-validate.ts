// A test module that loads (its settings are valid) and whose validate runs
// forever: a stuck policy, to check that it holds up no other policy's reviews.
import { definePolicy, ALL_OPERATIONS, SettingsReader, ValidationRequest, ValidationResponse, accept } from "@wardenkit/sdk";

class NoSettings {}

function parseSettings(reader: SettingsReader): NoSettings {
  return new NoSettings();
}

let spins: i64 = 0;

function validate(request: ValidationRequest, settings: NoSettings): ValidationResponse {
  while (spins >= 0) spins++;
  return accept();
}

definePolicy<NoSettings>(parseSettings, validate, ALL_OPERATIONS);
export { __guest_call } from "@wardenkit/sdk";
