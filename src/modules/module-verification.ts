// A verification config (Kubewarden's verification-config.yml) applied to every module a
// command fetches from a registry, as policy-server's --verification-path applies it: the
// image's signatures are judged first, and the module is then pulled by the digest that was
// verified, never by its tag again. Modules that cannot carry signatures (downloads) are
// refused: a config that cannot be honoured fails closed.
import { redact } from "../io/redact.ts";
import type { ClientOptions } from "../oci/client.ts";
import type { KeylessVerifier } from "../signing/keyless-identity.ts";
import { readVerificationConfig, type VerificationConfig } from "../signing/verification-config.ts";
import { verifyImage } from "../signing/verify-image.ts";

export interface ModuleVerification {
  config: VerificationConfig;
  /** Verifies keyless signatures; without it a config with keyless rules is refused. */
  keyless?: KeylessVerifier;
}

/**
 * The verification of `--verification-config <file>`, or undefined without the flag; a file that
 * cannot be read or is malformed throws. `keyless` verifies keyless rules (`--trusted-root`).
 */
export function moduleVerification(file: string | undefined, keyless?: KeylessVerifier): ModuleVerification | undefined {
  return file === undefined ? undefined : { config: readVerificationConfig(file), ...(keyless ? { keyless } : {}) };
}

/** `registry://host/repo@sha256:…` of the manifest whose signatures satisfy the config; a VerificationError names the rule that was not. */
export async function verifiedReference(reference: string, verification: ModuleVerification, registry: ClientOptions = {}): Promise<string> {
  return (await verifyImage(reference, verification.config, { ...registry, keyless: verification.keyless })).reference;
}

/** Why a module downloaded from `url` is refused under a verification config. */
export function unverifiableDownload(url: string, verification: ModuleVerification): Error {
  return new Error(`${redact(url)} cannot be verified against ${verification.config.source}: signatures are checked only for registry modules`);
}
