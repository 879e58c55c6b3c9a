import { handleCall } from "../../../sdk/assembly";
import { validate } from "./validate";
import { validateSettings } from "./settings";

export function __guest_call(operationSize: i32, payloadSize: i32): i32 {
  return handleCall(operationSize, payloadSize, validate, validateSettings);
}
