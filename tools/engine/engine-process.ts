// Drives the wasmtime engine (engine/, Rust) over line-delimited JSON: load a
// module, run one waPC operation on a fresh instance, or time N of them inside
// the engine. The guest's host calls come back here and are answered by the
// caller's handler, so both hosts share one capability dispatcher.
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { createInterface } from "node:readline";
import { HostCallError, type GuestCallResult, type HostCallHandler } from "../../src/host/guest.ts";
import { requireEngineBinary } from "./engine-binary.ts";

export interface EngineOptions {
  /** policy-server's timeout protection (epoch interruption); on unless false. */
  timeoutProtection?: boolean;
  /** Seconds an evaluation may run, as policy-server's --policy-timeout (default 2). */
  policyTimeoutSeconds?: number;
  binary?: string;
}

/** kwctl-bench-like reuse of one instance, instance start alone, or both per evaluation. */
export type BenchMode = "warm" | "start" | "fresh";

export interface BenchOptions {
  warmup: number;
  batches: number;
  batchSize: number;
}

/** A module loaded into the engine. */
export interface EngineModule {
  readonly index: number;
}

interface Pending {
  resolve: (result: unknown) => void;
  reject: (err: Error) => void;
  onHostCall: HostCallHandler;
}

const refuseHostCalls: HostCallHandler = () => {
  throw new HostCallError("no host capabilities are available to this evaluation");
};

export class EngineError extends Error {}

export class WasmtimeEngine {
  private nextId = 1;
  /** The engine answers in order, and host calls belong to the oldest request. */
  private readonly pending = new Map<number, Pending>();
  private stderr = "";
  private exited: string | null = null;

  private constructor(private readonly child: ChildProcessWithoutNullStreams) {
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (text: string) => {
      this.stderr = (this.stderr + text).slice(-4000);
    });
    createInterface({ input: child.stdout }).on("line", (line) => this.onLine(line));
    child.on("exit", (code, signal) => this.fail(`the wasmtime engine exited (${signal ?? `code ${code}`})${this.stderr ? `: ${this.stderr.trim()}` : ""}`));
    child.on("error", (err) => this.fail(`the wasmtime engine could not run: ${err.message}`));
    // A write after the engine died surfaces through "exit"; the pipe's own error adds nothing.
    child.stdin.on("error", () => {});
  }

  private fail(reason: string): void {
    this.exited ??= reason;
    for (const p of this.pending.values()) p.reject(new EngineError(this.exited));
    this.pending.clear();
  }

  static start(options: EngineOptions = {}): WasmtimeEngine {
    const args: string[] = [];
    if (options.timeoutProtection === false) args.push("--disable-timeout-protection");
    else if (options.policyTimeoutSeconds !== undefined) args.push("--policy-timeout", String(options.policyTimeoutSeconds));
    return new WasmtimeEngine(spawn(options.binary ?? requireEngineBinary(), args, { stdio: ["pipe", "pipe", "pipe"] }));
  }

  private onLine(line: string): void {
    let message: { id?: number; result?: unknown; error?: string; hostCall?: { binding: string; namespace: string; operation: string; payload: string } };
    try {
      message = JSON.parse(line);
    } catch {
      this.stderr += `\nunreadable line from the engine: ${line.slice(0, 200)}`;
      return;
    }
    if (message.hostCall) {
      this.answerHostCall(message.hostCall);
      return;
    }
    const pending = message.id === undefined ? undefined : this.pending.get(message.id);
    if (!pending) return;
    this.pending.delete(message.id!);
    if (message.error !== undefined) pending.reject(new EngineError(message.error));
    else pending.resolve(message.result);
  }

  private answerHostCall(call: { binding: string; namespace: string; operation: string; payload: string }): void {
    const current = this.pending.values().next().value as Pending | undefined;
    const handler = current?.onHostCall ?? refuseHostCalls;
    let reply: object;
    try {
      const answer = handler(call.binding, call.namespace, call.operation, Buffer.from(call.payload, "base64"));
      reply = { ok: true, payload: Buffer.from(answer).toString("base64") };
    } catch (err) {
      reply = { ok: false, error: err instanceof Error ? err.message : String(err) };
    }
    this.child.stdin.write(JSON.stringify(reply) + "\n");
  }

  private request<T>(body: Record<string, unknown>, onHostCall: HostCallHandler = refuseHostCalls): Promise<T> {
    if (this.exited) return Promise.reject(new EngineError(this.exited));
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (r: unknown) => void, reject, onHostCall });
      this.child.stdin.write(JSON.stringify({ id, ...body }) + "\n");
    });
  }

  /** Precompiles a module once, as policy-server does at start-up. */
  async load(path: string): Promise<EngineModule> {
    const { module } = await this.request<{ module: number }>({ op: "load", path });
    return { index: module };
  }

  /** One operation on a fresh instance (Store, instantiation, `_start`, `wapc_init`), as per evaluation in policy-server. */
  async call(module: EngineModule, operation: string, payload: Uint8Array, onHostCall: HostCallHandler): Promise<GuestCallResult> {
    const result = await this.request<{ ok: boolean; response?: string; error?: string; stage?: string }>(
      { op: "call", module: module.index, operation, payload: Buffer.from(payload).toString("base64") },
      onHostCall,
    );
    if (result.ok) return { ok: true, response: new Uint8Array(Buffer.from(result.response ?? "", "base64")), error: "", trapped: false };
    return { ok: false, response: new Uint8Array(0), error: result.error ?? "", trapped: result.stage === "instantiate" };
  }

  /** Mean microseconds per call of each batch, timed inside the engine. */
  async bench(module: EngineModule, operation: string, payload: Uint8Array, mode: BenchMode, options: BenchOptions, onHostCall?: HostCallHandler): Promise<number[]> {
    const { micros } = await this.request<{ micros: number[] }>(
      { op: "bench", module: module.index, operation, payload: Buffer.from(payload).toString("base64"), mode, ...options },
      onHostCall,
    );
    return micros;
  }

  /** Ends the engine and waits for it to go. */
  async stop(): Promise<void> {
    if (this.exited) return;
    this.exited = "the wasmtime engine was stopped";
    const gone = new Promise<void>((resolve) => this.child.once("exit", () => resolve()));
    this.child.stdin.end();
    const timer = setTimeout(() => this.child.kill("SIGKILL"), 5_000);
    await gone;
    clearTimeout(timer);
  }
}
