// A test module that imports WASI, as Kubewarden allows, and reads the clock through it on
// every validate: a host that links WASI loads Node's node:wasi for it.
import { definePolicy, ALL_OPERATIONS, SettingsReader, ValidationRequest, ValidationResponse, accept, reject } from "@wardenkit/sdk";

@external("wasi_snapshot_preview1", "clock_time_get")
declare function clock_time_get(clockId: u32, precision: u64, time: usize): u16;

const REALTIME: u32 = 0;
const SUCCESS: u16 = 0;

class NoSettings {}

function parseSettings(reader: SettingsReader): NoSettings {
  return new NoSettings();
}

function validate(request: ValidationRequest, settings: NoSettings): ValidationResponse {
  const time = new StaticArray<u64>(1);
  const errno = clock_time_get(REALTIME, 1, changetype<usize>(time));
  return errno == SUCCESS && time[0] > 0 ? accept() : reject("the WASI clock could not be read");
}

definePolicy<NoSettings>(parseSettings, validate, ALL_OPERATIONS);
export { __guest_call } from "@wardenkit/sdk";
