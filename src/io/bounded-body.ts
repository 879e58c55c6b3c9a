// An HTTP answer's body read into memory, never more of it than a limit: a body announced
// or found larger is not read further (its connection is closed), so a server cannot make
// us hold more than the limit, whatever it declares.

/**
 * The length of the body a server announced, if it did: its Content-Length, unless the body is
 * compressed (fetch decompresses it, so the bytes read are not the bytes announced).
 */
export function announcedLength(response: Response): number | undefined {
  const encoding = response.headers.get("content-encoding");
  if (encoding && encoding.toLowerCase() !== "identity") return undefined;
  const header = response.headers.get("content-length");
  const length = header === null ? Number.NaN : Number(header);
  return Number.isSafeInteger(length) && length >= 0 ? length : undefined;
}

/** The body's bytes, or null when it is larger than `limit` bytes (the rest is left unread). */
export async function readAtMost(response: Response, limit: number): Promise<Uint8Array | null> {
  if ((announcedLength(response) ?? 0) > limit) {
    await response.body?.cancel();
    return null;
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  // Leaving the loop early cancels the stream.
  for await (const chunk of response.body ?? []) {
    size += chunk.length;
    if (size > limit) return null;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
