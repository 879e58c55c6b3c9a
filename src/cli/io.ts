// Where a command writes and reads: the process's streams, or buffers when a test runs a
// command in-process. Commands write through this, never to process.stdout directly.
import { readFileSync } from "node:fs";

export interface TextSink {
  write(text: string): unknown;
  /** A terminal, where progress may redraw lines. */
  isTTY?: boolean;
}

export interface CommandIo {
  stdout: TextSink;
  stderr: TextSink;
  /** All of standard input, for commands that read `-`. */
  readStdin(): string;
}

export const PROCESS_IO: CommandIo = {
  stdout: process.stdout,
  stderr: process.stderr,
  readStdin: () => readFileSync(0, "utf8"),
};

/** `text` and a newline, as console.log writes it. */
export function printLine(sink: TextSink, text: string): void {
  sink.write(`${text}\n`);
}
