import {
  VerificationResult, KeylessSigner, KeylessPrefixSigner, GithubActionsOptions,
  verifyPubKeys, verifyKeyless, verifyKeylessPrefix, verifyGithubActions,
} from "@wardenkit/sdk";

/** Which `oci/v2/verify` request a rule makes. */
export const enum SignerKind { None, PubKeys, Keyless, KeylessPrefix, GithubActions }

/**
 * The signers that must sign the images one `verifySignatures` pattern matches:
 * public keys (`values`), keyless identities of `issuer` (exact subjects or URL
 * prefixes in `values`), or the GitHub Actions workflows of the owner `issuer`
 * (its repository, when set, the one item of `values`).
 */
export class SignatureRule {
  constructor(readonly pattern: string, readonly kind: SignerKind, readonly issuer: string, readonly values: string[]) {}

  /** `registry/repository*` matches by prefix; anything else matches the repository exactly. */
  matches(name: string): bool {
    const pattern = this.pattern;
    if (pattern.endsWith("*")) return name.startsWith(pattern.substring(0, pattern.length - 1));
    return name == pattern;
  }

  /** "a key" or "an identity", for the message that refuses an image. */
  get signer(): string {
    return this.kind == SignerKind.PubKeys ? "a key" : "an identity";
  }

  /** Asks the host whether `image` carries a signature by one of this rule's signers. */
  verify(image: string): VerificationResult {
    const values = this.values;
    if (this.kind == SignerKind.PubKeys) return verifyPubKeys(image, values);
    if (this.kind == SignerKind.GithubActions) {
      const options = new GithubActionsOptions();
      if (values.length > 0) options.repo = values[0];
      return verifyGithubActions(image, this.issuer, options);
    }
    if (this.kind == SignerKind.Keyless) {
      const signers = new Array<KeylessSigner>();
      for (let i = 0; i < values.length; i++) signers.push({ issuer: this.issuer, subject: values[i] });
      return verifyKeyless(image, signers);
    }
    const prefixes = new Array<KeylessPrefixSigner>();
    for (let i = 0; i < values.length; i++) prefixes.push({ issuer: this.issuer, urlPrefix: values[i] });
    return verifyKeylessPrefix(image, prefixes);
  }
}
