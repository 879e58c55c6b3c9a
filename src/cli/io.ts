// Where a command writes and reads: the process's streams, or buffers when a test runs a
// command in-process. Commands write through this, never to process.stdout directly.
import { processStdinBytes } from "../io/text-file.ts";

export interface TextSink {
  write(text: string): unknown;
  /** A terminal, where progress may redraw lines. */
  isTTY?: boolean;
}

export interface CommandIo {
  stdout: TextSink;
  stderr: TextSink;
  /** Standard input's bytes, chunk by chunk as they arrive, for commands that read `-`. */
  readStdin(): Iterable<Uint8Array>;
}

export const PROCESS_IO: CommandIo = {
  stdout: process.stdout,
  stderr: process.stderr,
  readStdin: processStdinBytes,
};

/** `text` and a newline, as console.log writes it. */
export function printLine(sink: TextSink, text: string): void {
  sink.write(`${text}\n`);
}
