// `wardenkit serve` in its own process for the serve benchmarks, as it runs in
// use: started on a loopback port in a scratch directory with a policies.yml,
// waited for until /readiness answers 200, and stopped by its PID.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { get } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import { WARDENKIT_BIN } from "./bench-project.ts";

export interface ServeProcess {
  pid: number;
  baseUrl: string;
  /** The CA the server's certificate was made with. */
  ca: string;
  /** Where scratch files (modules) may go; removed by stop(). */
  dir: string;
  stop(): Promise<void>;
}

const READY_ATTEMPTS = 300;
const READY_INTERVAL_MS = 100;

function readiness(url: string, ca: string): Promise<boolean> {
  return new Promise((resolve) => {
    get(`${url}/readiness`, { ca }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    }).on("error", () => resolve(false));
  });
}

async function waitReady(server: ChildProcess, url: string, caPath: string): Promise<string> {
  for (let i = 0; i < READY_ATTEMPTS; i++) {
    if (server.exitCode !== null) throw new Error(`the server exited with code ${server.exitCode}`);
    if (existsSync(caPath)) {
      const ca = readFileSync(caPath, "utf8");
      if (await readiness(url, ca)) return ca;
    }
    await new Promise((r) => setTimeout(r, READY_INTERVAL_MS));
  }
  throw new Error("the server did not become ready");
}

/** `policies` gives the policies.yml entries by id, after writing any modules they need into the scratch directory. */
export async function startServeProcess(
  port: number,
  policies: (dir: string) => Record<string, unknown> | Promise<Record<string, unknown>>,
  args: string[] = [],
): Promise<ServeProcess> {
  const dir = mkdtempSync(join(tmpdir(), "wardenkit-bench-serve-"));
  try {
    writeFileSync(join(dir, "policies.yml"), stringify(await policies(dir)));
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  const server = spawn(process.execPath, [WARDENKIT_BIN, "serve", "--config", "policies.yml", "--port", String(port), ...args], {
    cwd: dir, stdio: ["ignore", "ignore", "inherit"],
  });
  const exited = new Promise<void>((resolve) => server.once("exit", () => resolve()));
  const baseUrl = `https://127.0.0.1:${port}`;
  const stop = async () => {
    if (server.exitCode === null && server.signalCode === null) {
      server.kill("SIGTERM");
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const ca = await waitReady(server, baseUrl, join(dir, ".wardenkit", "serve", "ca.pem"));
    return { pid: server.pid!, baseUrl, ca, dir, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
