// `verify --key cosign.pub -a k=v` as a verification config: one pubKey rule under allOf, so
// that a key on the command line and a config file are judged by the same code.
import { parsePublicKey, readKeyFile } from "./key-pair.ts";
import type { VerificationConfig } from "./verification-config.ts";

export function publicKeyConfig(keyFile: string, annotations: Record<string, string> = {}): VerificationConfig {
  const key = readKeyFile(keyFile);
  const hasAnnotations = Object.keys(annotations).length > 0;
  return {
    source: `--key ${keyFile}`,
    // Line 0: a rule from the command line, which messages show without a line.
    allOf: [{ kind: "pubKey", path: "--key", line: 0, key, publicKey: parsePublicKey(key, keyFile), owner: keyFile, ...(hasAnnotations ? { annotations } : {}) }],
  };
}
