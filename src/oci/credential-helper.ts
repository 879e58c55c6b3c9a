// Asks a Docker credential helper for a registry's credentials as Docker does: runs
// `docker-credential-<name> get` with the registry host on stdin and reads
// {"Username", "Secret"} from stdout. Every way it can fail is a sentence naming the helper.
import { execFile } from "node:child_process";
import type { Credentials } from "./credentials.ts";

/** A guard against a helper that waits forever (for a passphrase nobody types). */
const HELPER_DEADLINE_MS = 60_000;
/** Docker's helpers print this (and exit 1) when they hold nothing for the host. */
const NOT_FOUND = /credentials not found/i;
/** A Username of `<token>` means the Secret is an OAuth identity token, not a password. */
const IDENTITY_TOKEN_USER = "<token>";

export type HelperAnswer = { credentials: Credentials } | { problem: string };

interface HelperRun {
  code: number | string | null;
  stdout: string;
  stderr: string;
}

function runHelper(program: string, host: string, env: NodeJS.ProcessEnv): Promise<HelperRun> {
  return new Promise((resolve) => {
    const child = execFile(program, ["get"], { env, timeout: HELPER_DEADLINE_MS, encoding: "utf8" }, (err, stdout, stderr) => {
      const code = !err ? 0 : err.killed ? "timeout" : ((err as NodeJS.ErrnoException).code ?? 1);
      resolve({ code, stdout, stderr });
    });
    child.stdin?.on("error", () => {}); // a helper that exits without reading stdin
    child.stdin?.end(host);
  });
}

const firstLine = (text: string) => text.trim().split("\n")[0].slice(0, 200);

/** Each way a helper can fail, one sentence naming it (`named`) and, where it helps, what to do. */
const helperProblems = {
  notInstalled: (named: string) => `${named} is not installed or not on PATH`,
  timedOut: (named: string) => `${named} did not answer within ${HELPER_DEADLINE_MS / 1000} s`,
  noCredentials: (named: string, host: string) => `${named} has no credentials for ${host}; docker login ${host} stores them there`,
  failed: (named: string, program: string, code: number | string | null, said: string) =>
    `${named} failed: \`${program} get\` exited with ${code}${said ? `: ${said}` : ""}`,
  notJson: (named: string, program: string) => `${named} answered \`${program} get\` with something other than JSON`,
  noSecret: (named: string) => `${named} answered without the Username and Secret strings`,
  identityToken: (named: string, host: string) =>
    `${named} holds an identity token for ${host}, which only Docker's OAuth login can use; ` +
    "set WARDENKIT_REGISTRY_USER and WARDENKIT_REGISTRY_PASSWORD",
};

export async function askCredentialHelper(helper: string, host: string, env: NodeJS.ProcessEnv, configuredBy: string): Promise<HelperAnswer> {
  const program = `docker-credential-${helper}`;
  const named = `the credential helper ${program} (${configuredBy})`;
  const run = await runHelper(program, host, env);
  if (run.code === "ENOENT") return { problem: helperProblems.notInstalled(named) };
  if (run.code === "timeout") return { problem: helperProblems.timedOut(named) };
  if (run.code !== 0) {
    const said = firstLine(run.stderr) || firstLine(run.stdout);
    if (NOT_FOUND.test(said)) return { problem: helperProblems.noCredentials(named, host) };
    return { problem: helperProblems.failed(named, program, run.code, said) };
  }
  let answer: { Username?: unknown; Secret?: unknown };
  try {
    answer = JSON.parse(run.stdout);
  } catch {
    return { problem: helperProblems.notJson(named, program) };
  }
  if (typeof answer.Username !== "string" || typeof answer.Secret !== "string") return { problem: helperProblems.noSecret(named) };
  if (answer.Username === IDENTITY_TOKEN_USER) return { problem: helperProblems.identityToken(named, host) };
  return { credentials: { username: answer.Username, password: answer.Secret } };
}
