// A test module whose every call runs forever, to check the host's evaluation deadline.
import "@wardenkit/sdk/assembly/abort";

let spins: i64 = 0;

export function __guest_call(operationSize: i32, payloadSize: i32): i32 {
  while (spins >= 0) spins++;
  return 0;
}
