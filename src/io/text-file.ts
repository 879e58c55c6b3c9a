// Reading what a user gives wardenkit: a file or standard input, as text or bytes, never more
// than the input limit (src/input-size.ts). A file's size is checked with stat before it is
// opened, and every reading stops at the limit as well, so /dev/zero, a pipe that never ends or
// a file that keeps growing is refused rather than filling memory. Every failure is one line
// that names the file and says what went wrong in words.
import { closeSync, fstatSync, openSync, readSync, statSync, type Stats } from "node:fs";
import { maxInputBytes, tooLargeReason } from "./input-size.ts";

export class UnreadableFileError extends Error {}

export const STDIN_NAME = "standard input";
const CHUNK_BYTES = 64 * 1024;
const RETRY_MS = 10;

const REASONS: Record<string, string> = {
  ENOENT: "no such file",
  EISDIR: "it is a directory, not a file",
  ENOTDIR: "a part of the path is not a directory",
  // Only creating a file's directories meets it: a part of the path is a file.
  EEXIST: "a part of the path is not a directory",
  EACCES: "permission denied",
  EPERM: "permission denied",
  ELOOP: "too many symbolic links",
  ENAMETOOLONG: "the name is too long",
  ENXIO: "it is a socket or a device without a reader, not a regular file",
};

/** Why a file could not be read, in words rather than an errno code. */
export function fileErrorReason(err: unknown): string {
  const { code, message } = err as NodeJS.ErrnoException;
  // Node's own wording without its code and call: "EIO: i/o error, read" is "i/o error".
  return (code ? REASONS[code] : undefined) ?? message.replace(/^E[A-Z]+: /, "").replace(/, \w+( '.*')?$/, "");
}

/** What a path is when it is not something to read: a directory, a device or a socket. Regular files and pipes (`<(helm template …)`) are read. */
export function specialFileKind(stat: Stats): string | undefined {
  if (stat.isDirectory()) return "a directory";
  if (stat.isCharacterDevice()) return "a character device";
  if (stat.isBlockDevice()) return "a block device";
  if (stat.isSocket()) return "a socket";
  return undefined;
}

function unreadable(name: string, reason: string): UnreadableFileError {
  return new UnreadableFileError(`cannot read ${name}: ${reason}`);
}

function tooLarge(name: string, limit: number, size?: number): UnreadableFileError {
  return unreadable(name, tooLargeReason(limit, size));
}

/** A regular file larger than the limit is refused from its size alone, before any byte is read. */
function refuseBySize(stat: Stats, name: string, limit: number): void {
  if (stat.isFile() && stat.size > limit) throw tooLarge(name, limit, stat.size);
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** What an open descriptor holds, a chunk at a time (each chunk is only valid until the next). */
function* descriptorChunks(fd: number, name: string): Generator<Uint8Array> {
  const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  for (;;) {
    let read: number;
    try {
      read = readSync(fd, buffer, 0, CHUNK_BYTES, null);
    } catch (err) {
      // Standard input may be non-blocking (a terminal, a pipe its parent made so): wait for it.
      if ((err as NodeJS.ErrnoException).code === "EAGAIN") {
        sleep(RETRY_MS);
        continue;
      }
      throw unreadable(name, fileErrorReason(err));
    }
    if (read === 0) return;
    yield buffer.subarray(0, read);
  }
}

/** The chunks as they come, up to `limit` bytes in all: one byte more is an error. */
function* bounded(chunks: Iterable<Uint8Array>, name: string, limit: number): Generator<Uint8Array> {
  let total = 0;
  for (const chunk of chunks) {
    total += chunk.byteLength;
    if (total > limit) throw tooLarge(name, limit);
    yield chunk;
  }
}

/** UTF-8 text of chunks of bytes, a character split between two chunks included. */
function* utf8(chunks: Iterable<Uint8Array>): Generator<string> {
  const decoder = new TextDecoder();
  for (const chunk of chunks) {
    const text = decoder.decode(chunk, { stream: true });
    if (text) yield text;
  }
  const rest = decoder.decode();
  if (rest) yield rest;
}

/** The bytes of a file, chunk by chunk, after checking what it is and its size. */
function* fileBytes(path: string): Generator<Uint8Array> {
  const limit = maxInputBytes();
  let stat: Stats;
  try {
    stat = statSync(path);
  } catch (err) {
    throw unreadable(path, fileErrorReason(err));
  }
  const kind = specialFileKind(stat);
  if (kind) throw unreadable(path, kind === "a directory" ? "it is a directory, not a file" : `it is ${kind}, not a regular file`);
  refuseBySize(stat, path, limit);
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch (err) {
    throw unreadable(path, fileErrorReason(err));
  }
  try {
    yield* bounded(descriptorChunks(fd, path), path, limit);
  } finally {
    closeSync(fd);
  }
}

/** A file's text, chunk by chunk as it is read: for streams parsed as they arrive. */
export function fileTextChunks(path: string): Generator<string> {
  return utf8(fileBytes(path));
}

export function readTextFile(path: string): string {
  return [...fileTextChunks(path)].join("");
}

/** This process's standard input, chunk by chunk; a regular file behind it is checked for size first. */
export function* processStdinBytes(): Generator<Uint8Array> {
  refuseBySize(fstatSync(0), STDIN_NAME, maxInputBytes());
  yield* descriptorChunks(0, STDIN_NAME);
}

/** The text of standard input (bytes as a command's io gives them), up to the limit. */
export function stdinTextChunks(bytes: Iterable<Uint8Array>): Generator<string> {
  return utf8(bounded(bytes, STDIN_NAME, maxInputBytes()));
}
