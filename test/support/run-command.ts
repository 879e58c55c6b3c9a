// Runs the wardenkit CLI and keeps what it printed and its exit code, failing or not:
// in-process through `main(argv, io)` (most tests), or as a user runs it, by spawning the
// bin (the smoke tests, and `serve`, which runs until signalled).
import { execFile, type ExecFileOptions } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { main } from "../../src/cli/main.ts";
import type { CommandIo } from "../../src/cli/io.ts";
import { PROJECT } from "./project.ts";
import { PACKAGE_ROOT } from "../../src/io/package-root.ts";

const execFileAsync = promisify(execFile);
export const WARDENKIT_BIN = join(PACKAGE_ROOT, "bin", "wardenkit.mjs");

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runCommand(command: string, args: string[], options: ExecFileOptions = {}): Promise<CommandResult> {
  try {
    const { stdout, stderr } = await execFileAsync(command, args, { cwd: PROJECT.root, encoding: "utf8", maxBuffer: 64 * 1024 * 1024, ...options });
    return { code: 0, stdout: String(stdout), stderr: String(stderr) };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: typeof e.code === "number" ? e.code : 1, stdout: String(e.stdout ?? ""), stderr: String(e.stderr ?? "") };
  }
}

/** The real bin, `node bin/wardenkit.mjs <args>`, from the project root (or `options.cwd`). */
export function spawnWardenkit(args: string[], options: ExecFileOptions = {}): Promise<CommandResult> {
  return runCommand(process.execPath, [WARDENKIT_BIN, ...args], options);
}

export interface InProcessOptions {
  /** The working directory during the command (default: the project root). */
  cwd?: string;
  /** The whole environment during the command, as a spawned process would get it. */
  env?: NodeJS.ProcessEnv;
  /** What the command reads as standard input: text, or chunks of bytes as they would arrive. */
  stdin?: string | Iterable<Uint8Array>;
}

let queue: Promise<unknown> = Promise.resolve();

/** One command at a time: the working directory and the environment belong to the process. */
function serialised<T>(task: () => Promise<T>): Promise<T> {
  const result = queue.then(task, task);
  queue = result.catch(() => undefined);
  return result;
}

async function withProcessState<T>(options: InProcessOptions, task: () => Promise<T>): Promise<T> {
  const cwd = process.cwd();
  const env = { ...process.env };
  process.chdir(options.cwd ?? PROJECT.root);
  if (options.env) {
    for (const key of Object.keys(process.env)) delete process.env[key];
    Object.assign(process.env, options.env);
  }
  try {
    return await task();
  } finally {
    process.chdir(cwd);
    for (const key of Object.keys(process.env)) delete process.env[key];
    Object.assign(process.env, env);
  }
}

/** `wardenkit <args>` in this process, through `main(argv, io)`, with its output captured. */
export function runWardenkit(args: string[], options: InProcessOptions = {}): Promise<CommandResult> {
  return serialised(() => withProcessState(options, async () => {
    let stdout = "", stderr = "";
    const io: CommandIo = {
      stdout: { write: (text: string) => (stdout += text) },
      stderr: { write: (text: string) => (stderr += text) },
      readStdin: () => (typeof options.stdin === "string" || options.stdin === undefined ? [Buffer.from(options.stdin ?? "")] : options.stdin),
    };
    const code = await main(args, io);
    return { code, stdout, stderr };
  }));
}

/**
 * The CLI as a user without registry credentials runs it: the developer's
 * WARDENKIT_REGISTRY_* variables dropped and Docker's config read from `dockerConfig`.
 */
export function anonymousWardenkit(dockerConfig: () => string): (...args: string[]) => Promise<CommandResult> {
  return (...args) => {
    const { WARDENKIT_REGISTRY_USER: _user, WARDENKIT_REGISTRY_PASSWORD: _password, ...env } = process.env;
    return runWardenkit(args, { env: { ...env, DOCKER_CONFIG: dockerConfig() } });
  };
}
