// A blob written to a file as its bytes arrive and checked against its descriptor on the
// way: more bytes than the descriptor declares stop the download at once, a short or
// altered blob is refused, and a file that failed is removed, so only a whole, verified
// blob is ever left behind.
import { createHash } from "node:crypto";
import { open, rm } from "node:fs/promises";
import { announcedLength } from "../io/bounded-body.ts";
import { fileErrorReason } from "../io/text-file.ts";
import { RegistryError, registryMessages } from "./errors.ts";
import { networkReason } from "./transport.ts";

export interface ExpectedBlob {
  digest: string;
  size: number;
}

async function writeChecked(response: Response, path: string, expected: ExpectedBlob, what: string): Promise<void> {
  const file = await open(path, "wx");
  try {
    const hash = createHash("sha256");
    let received = 0;
    for await (const chunk of response.body ?? []) {
      received += chunk.length;
      // Throwing here leaves the loop, which cancels the stream: nothing more is read.
      if (received > expected.size) throw new RegistryError(registryMessages.blobOverrun(what, expected.size));
      hash.update(chunk);
      await file.write(chunk);
    }
    if (received < expected.size) throw new RegistryError(registryMessages.blobShort(what, expected.size, received));
    const actual = `sha256:${hash.digest("hex")}`;
    if (actual !== expected.digest) throw new RegistryError(registryMessages.digestMismatch(what, expected.digest, actual));
  } finally {
    await file.close();
  }
}

/** Writes the blob of `response` to `path`, which must not exist yet. */
export async function writeBlobFile(response: Response, path: string, expected: ExpectedBlob, what: string): Promise<void> {
  const announced = announcedLength(response);
  if (announced !== undefined && announced > expected.size) {
    await response.body?.cancel();
    throw new RegistryError(registryMessages.blobOverrun(what, expected.size, announced));
  }
  try {
    await writeChecked(response, path, expected, what);
  } catch (err) {
    await rm(path, { force: true });
    if (err instanceof RegistryError) throw err;
    if ((err as NodeJS.ErrnoException).syscall) throw new RegistryError(`cannot write ${path}: ${fileErrorReason(err)}`);
    throw new RegistryError(registryMessages.cutOff(what, networkReason(err)));
  }
}
