// The OIDC identity token of `--identity-token`: the token itself, or `@<file>` to read it
// from a file (as GitHub Actions hands a token to a step), kept out of the command line.
import { readTextFile } from "../../io/text-file.ts";
import { KeylessError, keylessMessages, readFailure } from "./errors.ts";

const JWT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

/** The token a flag value names, checked to be shaped as a JWT; never echoes the token. */
export function readIdentityToken(value: string): string {
  const fromFile = value.startsWith("@");
  let token = value;
  if (fromFile) {
    try {
      token = readTextFile(value.slice(1));
    } catch (err) {
      throw new KeylessError(keylessMessages.tokenUnreadable(value.slice(1), readFailure(err, value.slice(1))));
    }
  }
  token = token.trim();
  if (!JWT.test(token)) throw new KeylessError(keylessMessages.tokenMalformed(fromFile ? `in ${value.slice(1)}` : "given"));
  return token;
}
