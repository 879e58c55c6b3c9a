// The private key a signing command was given: a cosign key file, unlocked with
// --password-file or COSIGN_PASSWORD as cosign unlocks it.
import type { KeyObject } from "node:crypto";
import { fileErrorReason, readTextFile } from "../../io/text-file.ts";
import { readPrivateKeyFile } from "../../signing/key-pair.ts";
import { signingMessages } from "../../signing/signing-errors.ts";
import { CliError } from "../errors.ts";

/** The password in a file, without the line break an editor or `echo` leaves at its end. */
function passwordFromFile(file: string): string {
  try {
    return readTextFile(file).replace(/\r?\n$/, "");
  } catch (err) {
    throw new CliError(`cannot read the password file ${file}: ${fileErrorReason(err)}`);
  }
}

export function keyPassword(keyFile: string, passwordFile: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (passwordFile !== undefined) return passwordFromFile(passwordFile);
  if (env.COSIGN_PASSWORD !== undefined) return env.COSIGN_PASSWORD;
  throw new CliError(signingMessages.noPassword(keyFile));
}

export function readSigningKey(keyFile: string, passwordFile: string | undefined): Promise<KeyObject> {
  return readPrivateKeyFile(keyFile, keyPassword(keyFile, passwordFile));
}
