// A module that imports what Kubewarden cannot provide and exports __guest_call
// with the wrong type: the build must refuse it.
import { accept } from "@wardenkit/sdk";

@external("env", "now")
declare function now(): f64;

export function __guest_call(operationSize: i64): i32 {
  return <i32>now() + <i32>operationSize + (accept().accepted ? 1 : 0);
}
