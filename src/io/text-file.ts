// Reading a user's file, with a one-line error that names it and the reason.
import { readFileSync } from "node:fs";

export class UnreadableFileError extends Error {}

const REASONS: Record<string, string> = {
  ENOENT: "no such file",
  EISDIR: "it is a directory, not a file",
  ENOTDIR: "a part of the path is not a directory",
  EACCES: "permission denied",
  EPERM: "permission denied",
};

/** Why a file could not be read, in words rather than an errno code. */
export function fileErrorReason(err: unknown): string {
  const { code, message } = err as NodeJS.ErrnoException;
  return (code ? REASONS[code] : undefined) ?? message;
}

export function readTextFile(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (err) {
    throw new UnreadableFileError(`cannot read ${path}: ${fileErrorReason(err)}`);
  }
}
