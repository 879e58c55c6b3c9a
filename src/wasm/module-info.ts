// Reads the parts of a WebAssembly binary that the toolkit checks or rewrites:
// function signatures of imports and exports, and custom sections.
// Node's WebAssembly.Module reflection lacks signatures, hence this small parser.
import { encodedName, unsignedLeb128 } from "./byte-writer.ts";
import { ByteReader, WasmFormatError } from "./byte-reader.ts";

export type ValType = "i32" | "i64" | "f32" | "f64" | "v128" | "funcref" | "externref";

export interface FuncType {
  params: ValType[];
  results: ValType[];
}

export interface ImportEntry {
  module: string;
  name: string;
  kind: "function" | "table" | "memory" | "global" | "tag";
  type?: FuncType;
}

export interface ExportEntry {
  name: string;
  kind: "function" | "table" | "memory" | "global" | "tag";
  type?: FuncType;
}

export interface ModuleInfo {
  imports: ImportEntry[];
  exports: ExportEntry[];
  customSections: { name: string; data: Uint8Array }[];
  /** Index of the function named by the module's start section, when it has one. */
  startFunction?: number;
}

const WASM_MAGIC = [0x00, 0x61, 0x73, 0x6d];
const VAL_TYPES: Record<number, ValType> = {
  0x7f: "i32", 0x7e: "i64", 0x7d: "f32", 0x7c: "f64", 0x7b: "v128", 0x70: "funcref", 0x6f: "externref",
};
const KINDS = ["function", "table", "memory", "global", "tag"] as const;

export { WasmFormatError };

/** The module reader: bytes and numbers, and the value types and limits of the sections read here. */
class ModuleReader extends ByteReader {
  valType(): ValType {
    const b = this.byte();
    const t = VAL_TYPES[b];
    if (!t) throw new WasmFormatError(`unsupported value type 0x${b.toString(16)}`);
    return t;
  }
  limits(): void {
    const flags = this.byte();
    this.u32();
    if (flags & 1) this.u32();
  }
}

export function isWasm(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && WASM_MAGIC.every((b, i) => bytes[i] === b);
}

/** What the sections read so far say; function signatures are resolved once every section is read. */
interface Reading {
  info: ModuleInfo;
  types: FuncType[];
  /** Type index of every function, imported ones first, then defined ones. */
  funcTypeIndexes: number[];
  exportedFunctions: { entry: ExportEntry; index: number }[];
}

/** Section 1: the function types. */
function readTypes(s: ModuleReader, reading: Reading): void {
  for (let n = s.u32(); n > 0; n--) {
    if (s.byte() !== 0x60) throw new WasmFormatError("unsupported type form");
    const params = Array.from({ length: s.u32() }, () => s.valType());
    const results = Array.from({ length: s.u32() }, () => s.valType());
    reading.types.push({ params, results });
  }
}

/** One entry of section 2, the imports; only a function's signature is kept. */
function readImport(s: ModuleReader, reading: Reading): ImportEntry {
  const module = s.name(), name = s.name();
  const kind = KINDS[s.byte()] ?? "tag";
  const entry: ImportEntry = { module, name, kind };
  if (kind === "function") {
    const t = s.u32();
    reading.funcTypeIndexes.push(t);
    entry.type = reading.types[t];
  } else if (kind === "table") {
    s.byte();
    s.limits();
  } else if (kind === "memory") s.limits();
  else if (kind === "global") {
    s.byte();
    s.byte();
  } else s.skipLeb(), s.u32();
  return entry;
}

/** Section 7: the exports, a function's signature left for when every function is known. */
function readExports(s: ModuleReader, reading: Reading): void {
  for (let n = s.u32(); n > 0; n--) {
    const name = s.name();
    const kind = KINDS[s.byte()] ?? "tag";
    const index = s.u32();
    const entry: ExportEntry = { name, kind };
    reading.info.exports.push(entry);
    if (kind === "function") reading.exportedFunctions.push({ entry, index });
  }
}

function readSection(id: number, s: ModuleReader, reading: Reading): void {
  const { info } = reading;
  if (id === 0) {
    const name = s.name();
    info.customSections.push({ name, data: s.bytes.slice(s.pos, s.end) });
  } else if (id === 1) readTypes(s, reading);
  else if (id === 2) {
    for (let n = s.u32(); n > 0; n--) info.imports.push(readImport(s, reading));
  } else if (id === 3) {
    for (let n = s.u32(); n > 0; n--) reading.funcTypeIndexes.push(s.u32());
  } else if (id === 8) info.startFunction = s.u32();
  else if (id === 7) readExports(s, reading);
}

/** Parses imports, exports (with function signatures) and custom sections. */
export function readModuleInfo(bytes: Uint8Array): ModuleInfo {
  if (!isWasm(bytes)) throw new WasmFormatError("not a WebAssembly module (bad magic number)");
  const reading: Reading = { info: { imports: [], exports: [], customSections: [] }, types: [], funcTypeIndexes: [], exportedFunctions: [] };
  const r = new ModuleReader(bytes, 8);
  while (r.pos < bytes.length) {
    const id = r.byte();
    const size = r.u32();
    const end = r.pos + size;
    if (end > bytes.length) throw new WasmFormatError(`section ${id} runs past the end of the module`);
    readSection(id, new ModuleReader(bytes, r.pos, end), reading);
    r.pos = end;
  }
  for (const { entry, index } of reading.exportedFunctions) entry.type = reading.types[reading.funcTypeIndexes[index]];
  return reading.info;
}

/** The payloads of every custom section called `name`, in module order. */
export function customSections(bytes: Uint8Array, name: string): Uint8Array[] {
  return readModuleInfo(bytes).customSections.filter((s) => s.name === name).map((s) => s.data);
}

/**
 * Returns the module with every custom section called `name` removed and one
 * new section with `payload` appended, so readers that take the first one see it.
 */
export function withCustomSection(bytes: Uint8Array, name: string, payload: Uint8Array): Uint8Array {
  if (!isWasm(bytes)) throw new WasmFormatError("not a WebAssembly module (bad magic number)");
  const kept: Uint8Array[] = [bytes.subarray(0, 8)];
  const r = new ModuleReader(bytes, 8);
  while (r.pos < bytes.length) {
    const start = r.pos;
    const id = r.byte();
    const size = r.u32();
    const end = r.pos + size;
    if (end > bytes.length) throw new WasmFormatError(`section ${id} runs past the end of the module`);
    const isTarget = id === 0 && new ModuleReader(bytes, r.pos, end).name() === name;
    if (!isTarget) kept.push(bytes.subarray(start, end));
    r.pos = end;
  }
  const body = encodedName(name);
  const header = Uint8Array.from([0, ...unsignedLeb128(body.length + payload.length), ...body]);
  kept.push(header, payload);
  const out = new Uint8Array(kept.reduce((n, part) => n + part.length, 0));
  let offset = 0;
  for (const part of kept) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

export function formatFuncType(t: FuncType | undefined): string {
  return t ? `(${t.params.join(", ")}) -> (${t.results.join(", ")})` : "(unknown)";
}
