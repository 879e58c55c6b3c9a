// Reading a user's file, with a one-line error that names it and the reason.
import { readFileSync } from "node:fs";

export class UnreadableFileError extends Error {}

export function readTextFile(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (err) {
    throw new UnreadableFileError(`cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}
