// Reads the parts of a WebAssembly binary that the toolkit checks or rewrites:
// function signatures of imports and exports, and custom sections.
// Node's WebAssembly.Module reflection lacks signatures, hence this small parser.
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

/** Parses imports, exports (with function signatures) and custom sections. */
export function readModuleInfo(bytes: Uint8Array): ModuleInfo {
  if (!isWasm(bytes)) throw new WasmFormatError("not a WebAssembly module (bad magic number)");
  const types: FuncType[] = [];
  const funcTypeIndexes: number[] = []; // imported functions first, then defined ones
  const info: ModuleInfo = { imports: [], exports: [], customSections: [] };
  const exportRefs: { entry: ExportEntry; index: number }[] = [];
  const r = new ModuleReader(bytes, 8);
  while (r.pos < bytes.length) {
    const id = r.byte();
    const size = r.u32();
    const end = r.pos + size;
    if (end > bytes.length) throw new WasmFormatError(`section ${id} runs past the end of the module`);
    const s = new ModuleReader(bytes, r.pos, end);
    if (id === 0) {
      const name = s.name();
      info.customSections.push({ name, data: bytes.slice(s.pos, end) });
    } else if (id === 1) {
      for (let n = s.u32(); n > 0; n--) {
        if (s.byte() !== 0x60) throw new WasmFormatError("unsupported type form");
        const params = Array.from({ length: s.u32() }, () => s.valType());
        const results = Array.from({ length: s.u32() }, () => s.valType());
        types.push({ params, results });
      }
    } else if (id === 2) {
      for (let n = s.u32(); n > 0; n--) {
        const module = s.name(), name = s.name();
        const kind = KINDS[s.byte()] ?? "tag";
        const entry: ImportEntry = { module, name, kind };
        if (kind === "function") {
          const t = s.u32();
          funcTypeIndexes.push(t);
          entry.type = types[t];
        } else if (kind === "table") {
          s.byte();
          s.limits();
        } else if (kind === "memory") s.limits();
        else if (kind === "global") {
          s.byte();
          s.byte();
        } else s.skipLeb(), s.u32();
        info.imports.push(entry);
      }
    } else if (id === 3) {
      for (let n = s.u32(); n > 0; n--) funcTypeIndexes.push(s.u32());
    } else if (id === 8) {
      info.startFunction = s.u32();
    } else if (id === 7) {
      for (let n = s.u32(); n > 0; n--) {
        const name = s.name();
        const kind = KINDS[s.byte()] ?? "tag";
        const index = s.u32();
        const entry: ExportEntry = { name, kind };
        info.exports.push(entry);
        if (kind === "function") exportRefs.push({ entry, index });
      }
    }
    r.pos = end;
  }
  for (const { entry, index } of exportRefs) entry.type = types[funcTypeIndexes[index]];
  return info;
}

/** The payloads of every custom section called `name`, in module order. */
export function customSections(bytes: Uint8Array, name: string): Uint8Array[] {
  return readModuleInfo(bytes).customSections.filter((s) => s.name === name).map((s) => s.data);
}

function leb128(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n = Math.floor(n / 128);
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return out;
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
  const nameBytes = new TextEncoder().encode(name);
  const body = [...leb128(nameBytes.length), ...nameBytes];
  const header = Uint8Array.from([0, ...leb128(body.length + payload.length), ...body]);
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
