// `wardenkit serve` as a user runs it: its own process, in its own directory (where it
// keeps its certificates), stopped with a signal; what it prints is kept for the test.
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { WARDENKIT_BIN } from "../../support/run-command.ts";
import { freePort } from "../../support/registry.ts";
import { HttpsClient } from "./harness.ts";

const START_TIMEOUT_MS = 90_000;

export class ServeProcess {
  private static readonly running = new Set<ServeProcess>();
  output = "";
  readonly exited: Promise<number>;
  private readonly child: ChildProcess;

  constructor(args: string[], cwd: string) {
    this.child = spawn(process.execPath, [WARDENKIT_BIN, "serve", ...args], { cwd, stdio: ["ignore", "pipe", "pipe"] });
    this.child.stdout!.on("data", (chunk: Buffer) => (this.output += chunk.toString()));
    this.child.stderr!.on("data", (chunk: Buffer) => (this.output += chunk.toString()));
    this.exited = new Promise((done) => this.child.on("exit", (code, signal) => done(code ?? (signal ? 128 : 1))));
    ServeProcess.running.add(this);
    void this.exited.then(() => ServeProcess.running.delete(this));
  }

  /** Kills what a failed test left running. */
  static async killAll(): Promise<void> {
    await Promise.all([...ServeProcess.running].map((serve) => serve.stop("SIGKILL")));
  }

  /** Resolves once the output matches `pattern`; rejects if serve exits first. */
  async waitFor(pattern: RegExp, timeoutMs = START_TIMEOUT_MS): Promise<void> {
    let exited = false;
    void this.exited.then(() => (exited = true));
    const deadline = Date.now() + timeoutMs;
    while (!pattern.test(this.output)) {
      if (exited) throw new Error(`serve exited before printing ${pattern}:\n${this.output}`);
      if (Date.now() > deadline) throw new Error(`serve did not print ${pattern} within ${timeoutMs / 1000}s:\n${this.output}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Sends `signal` and resolves with the exit code. */
  async stop(signal: NodeJS.Signals = "SIGINT"): Promise<number> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
    return this.exited;
  }
}

/** serve on a free port in `cwd`, once it has started, with a client trusting the CA it made there. */
export async function startServe(cwd: string, ...args: string[]): Promise<{ serve: ServeProcess; client: HttpsClient }> {
  const serve = new ServeProcess(["--port", String(await freePort()), ...args], cwd);
  await serve.waitFor(/-----END CERTIFICATE-----/);
  const url = /serving \d+ policies at (https:\S+)\/validate/.exec(serve.output)![1];
  return { serve, client: new HttpsClient(url, readFileSync(join(cwd, ".wardenkit", "serve", "ca.pem"), "utf8")) };
}
