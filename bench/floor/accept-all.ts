// The floor of the wasmtime benchmarks (AssemblyScript, no SDK): a waPC module
// that receives each call as every policy must, then accepts without reading
// it. Whatever a policy takes beyond this module's time is the policy's own.
// The build's asconfig.json routes aborts to the SDK's handler, which must be compiled in.
import "@wardenkit/sdk/assembly/abort";

@external("wapc", "__guest_request")
declare function guestRequest(operationPtr: usize, payloadPtr: usize): void;
@external("wapc", "__guest_response")
declare function guestResponse(ptr: usize, len: usize): void;

// Static answers, so that answering allocates nothing.
// {"accepted":true}, {"valid":true} and "v1"
const ACCEPTED = memory.data<u8>([123, 34, 97, 99, 99, 101, 112, 116, 101, 100, 34, 58, 116, 114, 117, 101, 125]);
const VALID = memory.data<u8>([123, 34, 118, 97, 108, 105, 100, 34, 58, 116, 114, 117, 101, 125]);
const PROTOCOL = memory.data<u8>([34, 118, 49, 34]);

function answer(ptr: usize, len: i32): i32 {
  guestResponse(ptr, len);
  return 1;
}

export function __guest_call(operationSize: i32, payloadSize: i32): i32 {
  // The request lands above the heap base; memory grows as it must for a large one.
  const base = (__heap_base + 15) & ~15;
  const end = base + <usize>operationSize + <usize>payloadSize;
  const pages = <i32>((end + 0xffff) >> 16) - memory.size();
  if (pages > 0 && memory.grow(pages) < 0) unreachable();
  guestRequest(base, base + <usize>operationSize);
  // validate (8 bytes), validate_settings (17), protocol_version (16)
  if (operationSize == 8) return answer(ACCEPTED, 17);
  if (operationSize == 17) return answer(VALID, 14);
  return answer(PROTOCOL, 4);
}
