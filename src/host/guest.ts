// One instance of a policy module, driven through the waPC protocol exactly as
// wapc-rs does: the host offers the operation and payload, the
// guest pulls them with __guest_request and answers with __guest_response or
// __guest_error. A trapped instance is marked dead and must not be reused.
import { createRequire } from "node:module";
import type { PolicyModule } from "./policy-module.ts";
import { memoryRefusal } from "../wasm/memory-cap.ts";

/** Answers a guest's __host_call; throwing HostCallError makes the call return 0. */
export type HostCallHandler = (binding: string, namespace: string, operation: string, payload: Uint8Array) => Uint8Array;

export class HostCallError extends Error {}

/**
 * node:wasi, loaded only for modules that import WASI. Node 20 marks it experimental and
 * warns on stderr when it is loaded, a line that would reach every log (serve's included) and
 * says nothing about the policy: that one warning is dropped, any other goes through.
 */
function loadWasi(): typeof import("node:wasi").WASI {
  const emitWarning = process.emitWarning;
  process.emitWarning = function (this: NodeJS.Process, warning: string | Error, ...rest: unknown[]) {
    const type = typeof rest[0] === "string" ? rest[0] : (rest[0] as { type?: string } | undefined)?.type;
    if (type === "ExperimentalWarning" && String(warning).startsWith("WASI")) return;
    return (emitWarning as (...args: unknown[]) => void).call(this, warning, ...rest);
  } as typeof process.emitWarning;
  try {
    return createRequire(import.meta.url)("node:wasi").WASI;
  } finally {
    process.emitWarning = emitWarning;
  }
}

export interface GuestCallResult {
  ok: boolean;
  /** The guest's answer (on success). */
  response: Uint8Array;
  /** The guest's error text, or the trap text followed by what the guest reported. */
  error: string;
  trapped: boolean;
  /** The call failed after the memory cap refused the guest more memory (see wasm/memory-cap.ts). */
  memoryRefused?: boolean;
}

const encoder = new TextEncoder();
const utf8Strict = new TextDecoder("utf-8", { fatal: true });
const EMPTY: Uint8Array = new Uint8Array(0);

/** Operation names are few: encode each once, not on every call. */
const encodedOperations = new Map<string, Uint8Array>();
function encodeOperation(operation: string): Uint8Array {
  let bytes = encodedOperations.get(operation);
  if (bytes) return bytes;
  bytes = encoder.encode(operation);
  if (encodedOperations.size < 16) encodedOperations.set(operation, bytes);
  return bytes;
}

export class GuestInstance {
  private readonly instance: WebAssembly.Instance;
  private operation = EMPTY;
  private payload = EMPTY;
  private response: Uint8Array | null = null;
  private guestError: string | null = null;
  private hostResponse = EMPTY;
  private hostError = EMPTY;
  /** Set once the instance trapped: its memory may be inconsistent. */
  dead = false;

  constructor(policy: PolicyModule, private readonly onHostCall: HostCallHandler) {
    const imports: WebAssembly.Imports = { wapc: this.wapcImports() };
    const needsWasi = WebAssembly.Module.imports(policy.module).some((i) => i.module === "wasi_snapshot_preview1");
    // Kubewarden links WASI with no arguments, environment or files.
    const wasi = needsWasi ? new (loadWasi())({ version: "preview1", args: [], env: {}, returnOnExit: true }) : null;
    if (wasi) imports.wasi_snapshot_preview1 = wasi.wasiImport;
    this.instance = new WebAssembly.Instance(policy.module, imports);
    const exports = this.instance.exports;
    if (typeof exports._start === "function") {
      if (wasi) wasi.start(this.instance);
      else (exports._start as () => void)();
    }
    if (typeof exports.wapc_init === "function") (exports.wapc_init as () => void)();
  }

  private memory(): Uint8Array {
    return new Uint8Array((this.instance.exports.memory as WebAssembly.Memory).buffer);
  }

  private text(ptr: number, len: number): string {
    // The real host traps on invalid UTF-8 here; so do we.
    return utf8Strict.decode(this.memory().subarray(ptr, ptr + len));
  }

  private wapcImports(): Record<string, (...args: number[]) => number | void> {
    return {
      __guest_request: (opPtr, payloadPtr) => {
        const mem = this.memory();
        mem.set(this.operation, opPtr);
        mem.set(this.payload, payloadPtr);
      },
      __guest_response: (ptr, len) => {
        this.response = this.memory().slice(ptr, ptr + len);
      },
      __guest_error: (ptr, len) => {
        this.guestError = this.text(ptr, len);
      },
      __host_call: (bdPtr, bdLen, nsPtr, nsLen, opPtr, opLen, ptr, len) => {
        const binding = this.text(bdPtr, bdLen);
        const namespace = this.text(nsPtr, nsLen);
        const operation = this.text(opPtr, opLen);
        const payload = this.memory().slice(ptr, ptr + len);
        try {
          this.hostResponse = this.onHostCall(binding, namespace, operation, payload);
          this.hostError = EMPTY;
          return 1;
        } catch (err) {
          this.hostResponse = EMPTY;
          this.hostError = encoder.encode(err instanceof Error ? err.message : String(err));
          return 0;
        }
      },
      __host_response_len: () => this.hostResponse.length,
      __host_response: (ptr) => this.memory().set(this.hostResponse, ptr),
      __host_error_len: () => this.hostError.length,
      __host_error: (ptr) => this.memory().set(this.hostError, ptr),
      __console_log: (ptr, len) => {
        this.onHostCall("kubewarden", "tracing", "log", encoder.encode(JSON.stringify({ level: "info", message: this.text(ptr, len) })));
      },
    };
  }

  /** Bytes of linear memory, to watch for growth. */
  get memorySize(): number {
    return (this.instance.exports.memory as WebAssembly.Memory).buffer.byteLength;
  }

  call(operation: string, payload: Uint8Array): GuestCallResult {
    const result = this.callGuest(operation, payload);
    const refusal = result.ok ? null : memoryRefusal(this.instance);
    return refusal ? { ...result, error: `${refusal} (${result.error})`, memoryRefused: true } : result;
  }

  private callGuest(operation: string, payload: Uint8Array): GuestCallResult {
    if (this.dead) throw new Error("this instance trapped earlier and cannot be used again");
    this.operation = encodeOperation(operation);
    this.payload = payload;
    this.response = null;
    this.guestError = null;
    this.hostResponse = EMPTY;
    this.hostError = EMPTY;
    const guestCall = this.instance.exports.__guest_call as (opLen: number, payloadLen: number) => number;
    let status: number;
    try {
      status = guestCall(this.operation.length, payload.length);
    } catch (err) {
      this.dead = true;
      const trap = err instanceof Error ? err.message : String(err);
      const said = this.guestError ? `: ${this.guestError}` : "";
      return { ok: false, response: EMPTY, error: `guest trapped (${trap})${said}`, trapped: true };
    } finally {
      this.payload = EMPTY;
    }
    if (status === 0) {
      return { ok: false, response: EMPTY, error: this.guestError ?? "No error message set for call failure", trapped: false };
    }
    if (this.response === null) {
      return { ok: false, response: EMPTY, error: this.guestError ?? "No error message OR response set for call success", trapped: false };
    }
    return { ok: true, response: this.response, error: "", trapped: false };
  }
}
