// The waPC guest side of the Kubewarden contract: the host's imports, the
// byte transfer of one call, and host calls. Every pointer lives here; the rest
// of the SDK and the policies only see strings, bytes and JSON values. Internal
// to the SDK: nothing here is exported to policies.

// asconfig.json routes AssemblyScript's abort to this file, so it must be part
// of every program that talks waPC.
import "./abort";

@external("wapc", "__guest_request")
declare function guestRequest(operationPtr: usize, payloadPtr: usize): void;

@external("wapc", "__guest_response")
declare function guestResponse(ptr: usize, len: usize): void;

@external("wapc", "__guest_error")
declare function guestError(ptr: usize, len: usize): void;

@external("wapc", "__host_call")
declare function hostCallRaw(
  bindingPtr: usize, bindingLen: usize,
  namespacePtr: usize, namespaceLen: usize,
  operationPtr: usize, operationLen: usize,
  payloadPtr: usize, payloadLen: usize,
): bool;

@external("wapc", "__host_response_len")
declare function hostResponseLen(): usize;

@external("wapc", "__host_response")
declare function hostResponse(ptr: usize): void;

@external("wapc", "__host_error_len")
declare function hostErrorLen(): usize;

@external("wapc", "__host_error")
declare function hostError(ptr: usize): void;

/** Text crossing the boundary must be valid UTF-8, so lone surrogates are replaced. */
export function utf8(text: string): ArrayBuffer {
  return String.UTF8.encode(text, false, String.UTF8.ErrorMode.REPLACE);
}

/** The operation name and payload the host passed to `__guest_call`. */
export class GuestRequest {
  constructor(public operationBytes: ArrayBuffer, public payload: ArrayBuffer) {}

  /** Compares the operation with an ASCII name without decoding it. */
  is(operation: string): bool {
    const n = operation.length;
    if (this.operationBytes.byteLength != n) return false;
    const bytes = changetype<usize>(this.operationBytes);
    for (let i = 0; i < n; i++) {
      if (<i32>load<u8>(bytes + <usize>i) != operation.charCodeAt(i)) return false;
    }
    return true;
  }

  get operation(): string {
    return String.UTF8.decode(this.operationBytes);
  }
}

export function readGuestRequest(operationSize: i32, payloadSize: i32): GuestRequest {
  const operation = new ArrayBuffer(operationSize);
  const payload = new ArrayBuffer(payloadSize);
  guestRequest(changetype<usize>(operation), changetype<usize>(payload));
  return new GuestRequest(operation, payload);
}

export function sendResponse(body: ArrayBuffer): void {
  guestResponse(changetype<usize>(body), <usize>body.byteLength);
}

export function sendError(message: string): void {
  const body = utf8(message);
  guestError(changetype<usize>(body), <usize>body.byteLength);
}

/**
 * The first line of a host's error: kwctl appends a Rust backtrace to callback
 * errors where RUST_BACKTRACE is set, which must not reach an admission message.
 */
export function firstLine(text: string): string {
  const newline = text.indexOf("\n");
  return newline < 0 ? text : text.substring(0, newline);
}

/** The outcome of a host call: the response bytes, or the host's error text. */
export class HostCallResult {
  constructor(public ok: bool, public payload: ArrayBuffer, public error: string) {}
}

/** Calls a host capability (binding "kubewarden" for every Kubewarden capability). */
export function hostCall(binding: string, namespace: string, operation: string, payload: ArrayBuffer): HostCallResult {
  const b = utf8(binding);
  const ns = utf8(namespace);
  const op = utf8(operation);
  const ok = hostCallRaw(
    changetype<usize>(b), <usize>b.byteLength,
    changetype<usize>(ns), <usize>ns.byteLength,
    changetype<usize>(op), <usize>op.byteLength,
    changetype<usize>(payload), <usize>payload.byteLength,
  );
  if (ok) {
    const response = new ArrayBuffer(<i32>hostResponseLen());
    hostResponse(changetype<usize>(response));
    return new HostCallResult(true, response, "");
  }
  const error = new ArrayBuffer(<i32>hostErrorLen());
  hostError(changetype<usize>(error));
  return new HostCallResult(false, new ArrayBuffer(0), firstLine(String.UTF8.decode(error)));
}
