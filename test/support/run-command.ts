// Runs a command (or the wardenkit CLI) as a user would and keeps what it
// printed and its exit code, failing or not.
import { execFile, type ExecFileOptions } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { PROJECT } from "./project.ts";
import { PACKAGE_ROOT } from "../../src/package-root.ts";

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

/** `wardenkit <args>` from the project root (or `options.cwd`). */
export function runWardenkit(args: string[], options: ExecFileOptions = {}): Promise<CommandResult> {
  return runCommand(process.execPath, [WARDENKIT_BIN, ...args], options);
}
