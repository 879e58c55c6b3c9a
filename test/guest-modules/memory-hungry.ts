// A test module whose validate asks for 1 GiB of linear memory, 16 MiB at a
// time, writing to every chunk so the memory is really used; its settings are
// valid, so it loads. It checks the host's memory cap per evaluation.
import { definePolicy, ALL_OPERATIONS, SettingsReader, ValidationRequest, ValidationResponse, accept } from "@wardenkit/sdk";

const CHUNK_BYTES = 16 << 20;
const CHUNKS = 64;

class NoSettings {}

function parseSettings(reader: SettingsReader): NoSettings {
  return new NoSettings();
}

/** Kept reachable until validate returns, so the collector cannot reuse them. */
const held: Uint8Array[] = [];

function validate(request: ValidationRequest, settings: NoSettings): ValidationResponse {
  for (let i = 0; i < CHUNKS; i++) {
    const chunk = new Uint8Array(CHUNK_BYTES);
    chunk.fill(<u8>(i + 1));
    held.push(chunk);
  }
  return accept();
}

definePolicy<NoSettings>(parseSettings, validate, ALL_OPERATIONS);
export { __guest_call } from "@wardenkit/sdk";
