import { JsonValue, SettingsValidationResponse, settingsValid } from "../../../sdk/assembly";
export function validateSettings(settings: JsonValue): SettingsValidationResponse {
  return settingsValid();
}
