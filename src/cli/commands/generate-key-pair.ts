import { defineCommand } from "../command.ts";
import { booleanFlag, stringFlag } from "../flags.ts";
import { PASSWORD_FILE_FLAG } from "./shared-flags.ts";

const flags = {
  "output-key-prefix": stringFlag("prefix", "write <prefix>.key and <prefix>.pub", { default: "cosign" }),
  "password-file": PASSWORD_FILE_FLAG,
  force: booleanFlag("overwrite key files that already exist"),
};
export type GenerateKeyPairFlags = typeof flags;

export const generateKeyPair = defineCommand({
  name: "generate-key-pair",
  summary: "make an ECDSA P-256 key pair for signing, cosign.key (encrypted with a password) and cosign.pub, in cosign's format",
  flags,
  details: [
    "The private key is encrypted as cosign encrypts it (scrypt and NaCl secretbox), so cosign reads it too; " +
      "the password comes from --password-file or COSIGN_PASSWORD (set it empty for a key without a password).",
  ],
  examples: [
    { command: "COSIGN_PASSWORD=… wardenkit generate-key-pair", description: "write cosign.key and cosign.pub in the current folder" },
    { command: "wardenkit generate-key-pair --output-key-prefix release --password-file pass.txt", description: "write release.key and release.pub, the password read from a file" },
  ],
  load: () => import("../actions/generate-key-pair.ts"),
});
