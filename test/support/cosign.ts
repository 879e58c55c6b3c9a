// The real cosign CLI (built once per machine by scripts/install-cosign.sh), run against the
// test registry: plain HTTP on loopback, no transparency log (none is reachable here), so
// signing uses --tlog-upload=false and verification --insecure-ignore-tlog.
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { PROJECT } from "./project.ts";
import { runCommand, type CommandResult } from "./run-command.ts";

let binary: string | undefined;

export function cosignBinary(): string {
  if (binary) return binary;
  try {
    binary = execFileSync(join(PROJECT.root, "scripts/install-cosign.sh"), { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] }).trim();
  } catch {
    throw new Error("cosign is not available; run scripts/install-test-deps.sh (it builds it once per machine)");
  }
  return binary;
}

/** The flags every registry-facing cosign command needs against the loopback test registry. */
const LOCAL_REGISTRY = ["--allow-http-registry", "--allow-insecure-registry"];

/** `cosign <args>` with COSIGN_PASSWORD set (and `env` added), in `cwd`; never prompts. */
export function cosign(args: string[], options: { password?: string; cwd?: string; env?: Record<string, string> } = {}): Promise<CommandResult> {
  const env = { ...process.env, COSIGN_PASSWORD: options.password ?? "", COSIGN_YES: "true", ...options.env };
  return runCommand(cosignBinary(), args, { env, cwd: options.cwd });
}

/** `cosign sign --key <key> <image>` with annotations, no transparency log. */
export function cosignSign(image: string, key: string, options: { password?: string; annotations?: Record<string, string> } = {}): Promise<CommandResult> {
  const annotations = Object.entries(options.annotations ?? {}).flatMap(([k, v]) => ["-a", `${k}=${v}`]);
  return cosign(["sign", "--key", key, "--tlog-upload=false", "--yes", ...LOCAL_REGISTRY, ...annotations, image], options);
}

/** `cosign verify --key <pub> <image>` with required annotations, not asking the transparency log. */
export function cosignVerify(image: string, publicKey: string, annotations: Record<string, string> = {}): Promise<CommandResult> {
  const required = Object.entries(annotations).flatMap(([k, v]) => ["-a", `${k}=${v}`]);
  return cosign(["verify", "--key", publicKey, "--insecure-ignore-tlog=true", ...LOCAL_REGISTRY, ...required, image]);
}

/**
 * The trust root of the imitation Sigstore in cosign's environment variables, one key or
 * certificate each: cosign 2.6 takes --trusted-root only with --new-bundle-format, so
 * `verify-attestation` of an attestation in the `.att` format is handed its trust this way.
 */
export function cosignTrustEnv(files: { fulcioRoot: string; rekorPublicKey: string; ctLogPublicKey: string }): Record<string, string> {
  return { SIGSTORE_ROOT_FILE: files.fulcioRoot, SIGSTORE_REKOR_PUBLIC_KEY: files.rekorPublicKey, SIGSTORE_CT_LOG_PUBLIC_KEY_FILE: files.ctLogPublicKey };
}
