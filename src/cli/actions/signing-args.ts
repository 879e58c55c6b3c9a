// What the signing commands read from their command line: annotations, the key's password
// (a file, or COSIGN_PASSWORD as cosign reads it) and the private key.
import type { KeyObject } from "node:crypto";
import { fileErrorReason, readTextFile } from "../../io/text-file.ts";
import { readPrivateKeyFile } from "../../signing/key-pair.ts";
import { SigningError, signingMessages } from "../../signing/signing-errors.ts";
import { CliError, UsageError } from "../errors.ts";

export const PASSWORD_VARIABLE = "COSIGN_PASSWORD";

/** `-a key=value` flags as a map; a malformed one is a usage error. */
export function annotationsOf(values: string[]): Record<string, string> {
  const entries = values.map((text) => {
    const at = text.indexOf("=");
    if (at <= 0) throw new UsageError(signingMessages.badAnnotation(text));
    return [text.slice(0, at), text.slice(at + 1)] as const;
  });
  return Object.fromEntries(entries);
}

/** The password from --password-file (its first line), else COSIGN_PASSWORD; undefined when neither is given. */
export function givenPassword(passwordFile: string | undefined): string | undefined {
  if (passwordFile === undefined) return process.env[PASSWORD_VARIABLE];
  try {
    return readTextFile(passwordFile).split(/\r?\n/)[0];
  } catch (err) {
    throw new CliError(`cannot read the password file ${passwordFile}: ${fileErrorReason(err)}`);
  }
}

/** The decrypted private key of --key; a missing password or a wrong one is an error naming the file. */
export async function signingKey(keyFile: string | undefined, passwordFile: string | undefined): Promise<KeyObject> {
  if (keyFile === undefined) throw new UsageError("missing --key <cosign.key>");
  const password = givenPassword(passwordFile);
  if (password === undefined) throw new SigningError(signingMessages.noPassword(keyFile));
  return readPrivateKeyFile(keyFile, password);
}
