// wardenkit generate-key-pair: writes <prefix>.key (encrypted) and <prefix>.pub.
import { existsSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { generateKeyPair } from "../../signing/key-pair.ts";
import type { CommandInput, ResultOf } from "../command.ts";
import type { GenerateKeyPairFlags } from "../commands/generate-key-pair.ts";
import { CliError } from "../errors.ts";
import { givenPassword, PASSWORD_VARIABLE } from "./signing-args.ts";

/** Only the owner may read the private key, as cosign writes it. */
const PRIVATE_KEY_MODE = 0o600;

export async function run({ flags }: CommandInput<GenerateKeyPairFlags>): Promise<ResultOf<GenerateKeyPairFlags>> {
  const prefix = flags["output-key-prefix"];
  const files = { privateKey: `${prefix}.key`, publicKey: `${prefix}.pub` };
  const existing = Object.values(files).filter((f) => existsSync(f));
  if (existing.length > 0 && !flags.force) throw new CliError(`${existing.join(" and ")} already exist${existing.length === 1 ? "s" : ""}; pass --force to replace ${existing.length === 1 ? "it" : "them"}`);
  const password = givenPassword(flags["password-file"]);
  if (password === undefined) throw new CliError(`no password for the private key: set ${PASSWORD_VARIABLE} (empty for none) or pass --password-file`);
  const pair = await generateKeyPair(password);
  await writeFile(files.privateKey, pair.privateKey, { mode: PRIVATE_KEY_MODE, flag: flags.force ? "w" : "wx" });
  await writeFile(files.publicKey, pair.publicKey, { flag: flags.force ? "w" : "wx" });
  return { text: () => `Private key written to ${files.privateKey}\nPublic key written to ${files.publicKey}` };
}
