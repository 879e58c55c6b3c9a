// `verify --key cosign.pub -a k=v` as a verification config: one pubKey rule under allOf, so
// that a key on the command line and a config file are judged by the same code.
import { readPublicKeyFile } from "./key-pair.ts";
import type { VerificationConfig } from "./verification-config.ts";
import { readTextFile } from "../io/text-file.ts";

export function publicKeyConfig(keyFile: string, annotations: Record<string, string> = {}): VerificationConfig {
  const publicKey = readPublicKeyFile(keyFile);
  const hasAnnotations = Object.keys(annotations).length > 0;
  return {
    source: `--key ${keyFile}`,
    allOf: [{ kind: "pubKey", path: "--key", line: 0, key: readTextFile(keyFile), publicKey, owner: keyFile, ...(hasAnnotations ? { annotations } : {}) }],
  };
}
