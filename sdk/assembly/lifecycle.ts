// A policy's lifecycle, owned by the SDK: the policy declares its settings
// parser, its decision and the operations it reviews (definePolicy); the SDK
// answers every waPC call (__guest_call). Malformed payloads and invalid
// settings become answers (a 400 rejection or {valid:false}), never traps.
import { readGuestRequest, sendResponse, sendError, utf8 } from "./wapc";
import { parseJson, JsonValue } from "./json/value";
import {
  ValidationRequest, ValidationResponse, SettingsValidationResponse, accept, reject, CODE_BAD_REQUEST,
} from "./protocol";
import { SettingsReader } from "./settings";

/**
 * Reads a policy's settings into its own type; problems go to `reader.fail`
 * (the typed getters report wrong types themselves).
 *
 * @example
 * export function parseSettings(reader: SettingsReader): Settings {
 *   return new Settings(reader.stringList("deniedNames"));
 * }
 */
export type SettingsParser<T> = (reader: SettingsReader) => T;

/**
 * A policy's decision on one request it reviews, with its parsed settings.
 *
 * @example
 * export function validate(request: ValidationRequest, settings: Settings): ValidationResponse {
 *   return settings.isDenied(request.name) ? reject(describeObject(request, request.object) + " uses a denied name") : accept();
 * }
 */
export type Decision<T> = (request: ValidationRequest, settings: T) => ValidationResponse;

/** What the SDK needs of a policy, whatever its settings type. */
abstract class Policy {
  constructor(readonly reviews: i32) {}
  /** The settings' first problem, or null. */
  abstract checkSettings(settings: JsonValue): string | null;
  /** The decision on a request the policy reviews. */
  abstract decide(request: ValidationRequest): ValidationResponse;
}

class TypedPolicy<T> extends Policy {
  constructor(private readonly parse: SettingsParser<T>, private readonly decision: Decision<T>, reviews: i32) {
    super(reviews);
  }

  checkSettings(settings: JsonValue): string | null {
    const reader = new SettingsReader(settings, true);
    this.parse(reader);
    const unknown = reader.unknownSetting();
    return unknown !== null ? unknown : reader.error;
  }

  decide(request: ValidationRequest): ValidationResponse {
    // Settings were checked when the policy was loaded; only the cheap checks run again.
    const reader = new SettingsReader(request.settings, false);
    const settings = this.parse(reader);
    if (!reader.ok) return reject("invalid settings: " + reader.error!, CODE_BAD_REQUEST);
    return this.decision(request, settings);
  }
}

let policy: Policy | null = null;

/**
 * Declares the policy: its settings parser, its decision and the operations it
 * reviews (Operation flags; requests for the others are accepted without
 * asking it). Called once, at the top of the policy's index.ts, which then
 * exports the SDK's `__guest_call`.
 *
 * @example
 * definePolicy<Settings>(parseSettings, validate, Operation.Create | Operation.Update);
 * export { __guest_call } from "@wardenkit/sdk";
 */
export function definePolicy<T>(parse: SettingsParser<T>, decision: Decision<T>, reviews: i32): void {
  policy = new TypedPolicy<T>(parse, decision, reviews);
}

const VALIDATION_PARTS = ["request", "settings"];
const THE_REQUEST = "the validation request ";

/** The only protocol version a waPC policy may declare. */
const PROTOCOL_VERSION = "\"v1\"";

/** The most common answer, kept as UTF-8 bytes so accepting writes nothing. */
// @ts-ignore: decorator
@lazy const PLAIN_ACCEPT_BYTES = utf8("{\"accepted\":true}");

function respondValidation(response: ValidationResponse): i32 {
  sendResponse(response.isPlainAccept ? PLAIN_ACCEPT_BYTES : utf8(response.toJson()));
  return 1;
}

function respondSettings(error: string | null): i32 {
  sendResponse(utf8(new SettingsValidationResponse(error).toJson()));
  return 1;
}

function runValidate(payload: ArrayBuffer, policy: Policy): i32 {
  const doc = parseJson(payload);
  if (!doc.ok) return respondValidation(reject(THE_REQUEST + "is not valid JSON: " + doc.error!.toString(), CODE_BAD_REQUEST));
  const parts = doc.root.pick(VALIDATION_PARTS);
  if (!parts[0].isObject) return respondValidation(reject(THE_REQUEST + "has no request object", CODE_BAD_REQUEST));
  const request = new ValidationRequest(parts[0], parts[1]);
  if (!request.isOperation(policy.reviews)) return respondValidation(accept());
  return respondValidation(policy.decide(request));
}

function runValidateSettings(payload: ArrayBuffer, policy: Policy): i32 {
  const doc = parseJson(payload);
  if (!doc.ok) return respondSettings("settings are not valid JSON: " + doc.error!.toString());
  const settings = doc.root;
  // policy-server sends {} for absent settings; a bare null means the same.
  if (!settings.isObject && !settings.isNull) return respondSettings("settings must be a JSON object, not " + settings.typeName);
  return respondSettings(policy.checkSettings(settings));
}

/**
 * The waPC entry point: answers validate, validate_settings and
 * protocol_version for the policy given to definePolicy. A policy's index.ts
 * re-exports it; nothing calls it but the host.
 *
 * @example
 * export { __guest_call } from "@wardenkit/sdk";
 */
export function __guest_call(operationSize: i32, payloadSize: i32): i32 {
  const call = readGuestRequest(operationSize, payloadSize);
  const defined = policy;
  let result: i32 = 1;
  if (call.is("protocol_version")) sendResponse(utf8(PROTOCOL_VERSION));
  else if (defined === null) {
    sendError("definePolicy was not called");
    result = 0;
  } else if (call.is("validate")) result = runValidate(call.payload, defined);
  else if (call.is("validate_settings")) result = runValidateSettings(call.payload, defined);
  else {
    sendError("unknown operation '" + call.operation + "'");
    result = 0;
  }
  // The host has copied the answer; free everything this call allocated.
  __collect();
  return result;
}
