// `publish --sign --key <file>`: each pushed module signed as `cosign sign --key` signs it
// and its SBOM (dist/<policy>.spdx.json) attached as `cosign attest --type spdxjson` attaches
// it. The key is unlocked and every SBOM found before anything is pushed, so a wrong
// password or a missing SBOM stops publish before the registry changes.
import type { KeyObject } from "node:crypto";
import { existsSync } from "node:fs";
import { sbomPath } from "../../build/sbom.ts";
import type { ClientOptions } from "../../oci/client.ts";
import type { PublishedPolicy } from "../../oci/publish.ts";
import { attachSbom } from "../../signing/attach-sbom.ts";
import { keySigner } from "../../signing/attestation.ts";
import { signImage } from "../../signing/sign-image.ts";
import { CliError, UsageError } from "../errors.ts";
import { readSigningKey } from "./signing-key.ts";

export interface SignedPublication {
  policy: string;
  reference: string;
  signatureTag: string;
  attestationTag: string;
}

export interface PublishSigner {
  signAll(published: PublishedPolicy[], options: ClientOptions): Promise<SignedPublication[]>;
}

/** The SBOM build wrote beside each module; a missing one is built by `wardenkit build`. */
function requireSboms(distDir: string, policies: string[]): Map<string, string> {
  const sboms = new Map(policies.map((policy) => [policy, sbomPath(distDir, policy)]));
  const missing = [...sboms.values()].filter((path) => !existsSync(path));
  if (missing.length > 0) throw new CliError(`${missing.join(", ")} not found: wardenkit build writes each module's SBOM beside it, and publish --sign attaches it`);
  return sboms;
}

function signerWith(key: KeyObject, sboms: Map<string, string>): PublishSigner {
  return {
    async signAll(published, options) {
      const signed: SignedPublication[] = [];
      for (const { policy, reference } of published) {
        const signature = await signImage(reference, key, options);
        const attestation = await attachSbom(reference, sboms.get(policy)!, keySigner(key), options);
        signed.push({ policy, reference, signatureTag: signature.signatureTag, attestationTag: attestation.attestationTag });
      }
      return signed;
    },
  };
}

/** The signer publish uses, or none without --sign; refused before anything is pushed. */
export async function publishSigner(flags: { sign: boolean; key?: string; "password-file"?: string }, distDir: string, policies: string[]): Promise<PublishSigner | undefined> {
  if (!flags.sign) {
    if (flags.key !== undefined) throw new UsageError("--key signs only with --sign");
    return undefined;
  }
  if (flags.key === undefined) throw new UsageError("--sign needs --key <cosign.key>");
  const sboms = requireSboms(distDir, policies);
  return signerWith(await readSigningKey(flags.key, flags["password-file"]), sboms);
}
