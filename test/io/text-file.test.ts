// The one reader of users' files: what it refuses and in which words, the size limit checked
// before reading and while reading (a sparse file, /dev/zero, a pipe that never ends), and text
// decoded across its chunks.
import { spawn } from "node:child_process";
import { execFileSync } from "node:child_process";
import { mkdtempSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { DEFAULT_MAX_INPUT_BYTES, formatSize, maxInputBytes, MAX_INPUT_SIZE_VARIABLE, parseSize } from "../../src/io/input-size.ts";
import { readTextFile, stdinTextChunks, UnreadableFileError } from "../../src/io/text-file.ts";

const dir = mkdtempSync(join(tmpdir(), "wardenkit-text-file-"));
const saved = process.env[MAX_INPUT_SIZE_VARIABLE];

function withLimit(size: string): void {
  process.env[MAX_INPUT_SIZE_VARIABLE] = size;
}

afterEach(() => {
  if (saved === undefined) delete process.env[MAX_INPUT_SIZE_VARIABLE];
  else process.env[MAX_INPUT_SIZE_VARIABLE] = saved;
});

function refusal(read: () => unknown): string {
  try {
    read();
  } catch (err) {
    expect(err).toBeInstanceOf(UnreadableFileError);
    return (err as Error).message;
  }
  throw new Error("expected a refusal");
}

describe("reading a user's file", () => {
  it("says in words what is wrong, naming the file", () => {
    expect(refusal(() => readTextFile(join(dir, "missing.yaml")))).toBe(`cannot read ${join(dir, "missing.yaml")}: no such file`);
    expect(refusal(() => readTextFile(dir))).toBe(`cannot read ${dir}: it is a directory, not a file`);
    expect(refusal(() => readTextFile("/dev/zero"))).toBe("cannot read /dev/zero: it is a character device, not a regular file");
    expect(refusal(() => readTextFile("/dev/null"))).toBe("cannot read /dev/null: it is a character device, not a regular file");
  });

  it("refuses a file larger than the limit from its size, before reading it", () => {
    const sparse = join(dir, "sparse.json");
    writeFileSync(sparse, "");
    truncateSync(sparse, 2 * 1024 ** 3); // 2 GiB that take no disk
    expect(refusal(() => readTextFile(sparse))).toBe(
      `cannot read ${sparse}: it holds 2 GiB, more than the limit of 256 MiB on one input (set ${MAX_INPUT_SIZE_VARIABLE} to raise it, e.g. ${MAX_INPUT_SIZE_VARIABLE}=1GiB)`,
    );
  });

  it("takes its limit from the environment, and reads a file of exactly that size", () => {
    const file = join(dir, "two-kib.yaml");
    writeFileSync(file, "x".repeat(2048));
    withLimit("2KiB");
    expect(readTextFile(file)).toHaveLength(2048);
    withLimit("2047");
    expect(refusal(() => readTextFile(file))).toMatch(/^cannot read .*two-kib\.yaml: it holds 2 KiB, more than the limit of 2,047 bytes on one input/);
  });

  it("stops reading a pipe that never ends at the limit", async () => {
    const fifo = join(dir, "endless");
    execFileSync("mkfifo", [fifo]);
    const writer = spawn("sh", ["-c", `exec yes > '${fifo}'`], { stdio: "ignore" });
    const exited = new Promise((resolve) => writer.on("exit", resolve));
    try {
      withLimit("64KiB");
      expect(refusal(() => readTextFile(fifo))).toBe(
        `cannot read ${fifo}: it holds more than the limit of 64 KiB on one input (set ${MAX_INPUT_SIZE_VARIABLE} to raise it, e.g. ${MAX_INPUT_SIZE_VARIABLE}=1GiB)`,
      );
    } finally {
      writer.kill(); // by its own pid; it also ends on its own once the pipe has no reader
      await exited;
    }
  });

  it("bounds standard input the same way", () => {
    withLimit("1KiB");
    function* endless(): Generator<Uint8Array> {
      for (;;) yield new Uint8Array(100);
    }
    expect(refusal(() => [...stdinTextChunks(endless())])).toMatch(/^cannot read standard input: it holds more than the limit of 1 KiB on one input/);
  });

  it("decodes a character split between two chunks", () => {
    const file = join(dir, "split.yaml");
    const text = `${"a".repeat(64 * 1024 - 1)}é€😀`; // é starts on the last byte of the first 64 KiB chunk
    writeFileSync(file, text);
    expect(readTextFile(file)).toBe(text);
    const bytes = Buffer.from("é€😀");
    expect([...stdinTextChunks([bytes.subarray(0, 1), bytes.subarray(1, 4), bytes.subarray(4)])].join("")).toBe("é€😀");
  });
});

describe("the input size limit", () => {
  it("reads sizes with binary units, and says them back", () => {
    expect([parseSize("4096"), parseSize("64KiB"), parseSize("256 MiB"), parseSize("1.5gib"), parseSize("12B")]).toEqual([4096, 65536, 268435456, 1610612736, 12]);
    expect([parseSize("lots"), parseSize("0"), parseSize("-1MiB"), parseSize("1MB")]).toEqual([undefined, undefined, undefined, undefined]);
    expect([formatSize(DEFAULT_MAX_INPUT_BYTES), formatSize(1536), formatSize(1), formatSize(2047)]).toEqual(["256 MiB", "1.5 KiB", "1 byte", "2,047 bytes"]);
  });

  it("refuses a setting it cannot read, naming the variable", () => {
    expect(maxInputBytes({})).toBe(DEFAULT_MAX_INPUT_BYTES);
    expect(() => maxInputBytes({ [MAX_INPUT_SIZE_VARIABLE]: "lots" })).toThrow(`${MAX_INPUT_SIZE_VARIABLE} must be a size such as 64MiB or 1GiB (units B, KiB, MiB, GiB), not 'lots'`);
  });
});
