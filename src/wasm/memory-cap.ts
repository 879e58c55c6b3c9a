// A memory cap per evaluation, as a rewrite of the module at load: the memory's
// declared maximum becomes the cap, so V8 itself refuses (memory.grow answers
// -1) any growth past it and never allocates the pages. So that the host can
// say why the policy then failed, every memory.grow goes through an added
// function that records a refused request in an exported global; the cap in
// pages is exported beside it. Function, type and global indices of the module
// are unchanged (everything is appended). A body with an instruction this
// reader does not know is left as it is: the cap still holds, only the reason
// is not recorded.
import { encodedName, signedLeb128, unsignedLeb128 } from "./byte-writer.ts";
import { ByteReader, WasmFormatError } from "./byte-reader.ts";

export const PAGE_BYTES = 65536;
/** Exported mutable i32: pages the last refused memory.grow asked for (0: none refused). */
export const REFUSED_GROW_EXPORT = "wardenkit:refused-grow";
/** Exported i32: the cap, in pages. */
export const CAP_PAGES_EXPORT = "wardenkit:memory-cap-pages";

const MIB = 2 ** 20;

export class MemoryCapError extends Error {}

interface Section {
  id: number;
  /** Where the section's id byte is. */
  header: number;
  /** Start of the section's contents (after id and size). */
  start: number;
  end: number;
}

function sections(bytes: Uint8Array): Section[] {
  const found: Section[] = [];
  const r = new ByteReader(bytes, 8);
  while (r.pos < bytes.length) {
    const header = r.pos;
    const id = r.byte();
    const size = r.u32();
    found.push({ id, header, start: r.pos, end: r.pos + size });
    r.skip(size);
  }
  if (r.pos !== bytes.length) throw new WasmFormatError("a section runs past the end of the module");
  return found;
}

/** A vector section's entry count and the bytes of its entries. */
function vector(bytes: Uint8Array, section: Section | undefined): { count: number; entries: Uint8Array } {
  if (!section) return { count: 0, entries: new Uint8Array(0) };
  const r = new ByteReader(bytes, section.start);
  const count = r.u32();
  return { count, entries: bytes.subarray(r.pos, section.end) };
}

function encodeSection(id: number, count: number, entries: ArrayLike<number>, added: number[]): number[] {
  const body = [...unsignedLeb128(count), ...Array.from(entries), ...added];
  return [id, ...unsignedLeb128(body.length), ...body];
}

function importCounts(bytes: Uint8Array, section: Section | undefined): { functions: number; globals: number } {
  const counts = { functions: 0, globals: 0 };
  if (!section) return counts;
  const r = new ByteReader(bytes, section.start);
  for (let i = r.u32(); i > 0; i--) {
    r.skip(r.u32());
    r.skip(r.u32());
    const kind = r.byte();
    if (kind === 0x00) {
      counts.functions++;
      r.u32();
    } else if (kind === 0x01) {
      r.byte();
      limits(r);
    } else if (kind === 0x02) {
      throw new MemoryCapError("imports its memory, which a Kubewarden policy may not do");
    } else if (kind === 0x03) {
      counts.globals++;
      valType(r);
      r.byte();
    } else {
      r.u32(); // tag: attribute byte is 0, then a type index
      r.u32();
    }
  }
  return counts;
}

function limits(r: ByteReader): { flags: number; min: number; max?: number } {
  const flags = r.byte();
  const min = r.u32();
  return flags & 1 ? { flags, min, max: r.u32() } : { flags, min };
}

function valType(r: ByteReader): void {
  const b = r.byte();
  if (b === 0x63 || b === 0x64) r.skipLeb(); // (ref null? heaptype)
}

function blockType(r: ByteReader): void {
  const b = r.bytes[r.pos];
  if (b === 0x40 || (b >= 0x6f && b <= 0x7f)) r.skip(1);
  else if (b === 0x63 || b === 0x64) valType(r);
  else r.skipLeb();
}

function memArg(r: ByteReader): void {
  const align = r.u32();
  if (align & 0x40) r.u32();
  r.u32();
}

class UnknownInstruction extends Error {}

const U32_IMMEDIATE = new Set([0x07, 0x08, 0x09, 0x0c, 0x0d, 0x10, 0x12, 0x14, 0x15, 0x18, 0x20, 0x21, 0x22, 0x23, 0x24, 0x25, 0x26, 0xd2, 0xd5, 0xd6]);
const NO_IMMEDIATE = new Set([0x00, 0x01, 0x05, 0x0a, 0x0b, 0x0f, 0x19, 0x1a, 0x1b, 0xd1, 0xd3, 0xd4]);

/** Skips one instruction's immediates; the opcode is already read. */
function immediates(r: ByteReader, op: number): void {
  if (NO_IMMEDIATE.has(op) || (op >= 0x45 && op <= 0xc4)) return;
  if (U32_IMMEDIATE.has(op)) return void r.u32();
  if (op >= 0x02 && op <= 0x04 || op === 0x06) return blockType(r);
  if (op >= 0x28 && op <= 0x3e) return memArg(r);
  switch (op) {
    case 0x11: case 0x13: r.u32(); r.u32(); return;
    case 0x0e: for (let n = r.u32() + 1; n > 0; n--) r.u32(); return;
    case 0x1c: for (let n = r.u32(); n > 0; n--) valType(r); return;
    case 0x3f: case 0x40: r.u32(); return;
    case 0x41: case 0x42: case 0xd0: r.skipLeb(); return;
    case 0x43: r.skip(4); return;
    case 0x44: r.skip(8); return;
    case 0x1f: {
      blockType(r);
      for (let n = r.u32(); n > 0; n--) {
        const kind = r.byte();
        if (kind < 0x02) r.u32();
        r.u32();
      }
      return;
    }
    case 0xfc: return miscImmediates(r, r.u32());
    case 0xfd: return simdImmediates(r, r.u32());
    case 0xfe: {
      if (r.u32() === 0x03) r.byte();
      else memArg(r);
      return;
    }
  }
  throw new UnknownInstruction(`opcode 0x${op.toString(16)}`);
}

function miscImmediates(r: ByteReader, sub: number): void {
  if (sub <= 7) return;
  const counts: Record<number, number> = { 8: 2, 9: 1, 10: 2, 11: 1, 12: 2, 13: 1, 14: 2, 15: 1, 16: 1, 17: 1 };
  const n = counts[sub];
  if (n === undefined) throw new UnknownInstruction(`opcode 0xfc ${sub}`);
  for (let i = 0; i < n; i++) r.u32();
}

function simdImmediates(r: ByteReader, sub: number): void {
  if (sub <= 11 || sub === 92 || sub === 93) memArg(r);
  else if (sub === 12 || sub === 13) r.skip(16);
  else if (sub >= 21 && sub <= 34) r.skip(1);
  else if (sub >= 84 && sub <= 91) {
    memArg(r);
    r.skip(1);
  }
}

/** A function body with every `memory.grow 0` turned into `call hook`. */
function rewriteBody(bytes: Uint8Array, start: number, end: number, hook: number[]): number[] {
  const r = new ByteReader(bytes, start);
  for (let groups = r.u32(); groups > 0; groups--) {
    r.u32();
    valType(r);
  }
  const out: number[] = Array.from(bytes.subarray(start, r.pos));
  let copied = r.pos;
  while (r.pos < end) {
    const at = r.pos;
    const op = r.byte();
    immediates(r, op);
    if (op === 0x40 && r.pos === at + 2 && bytes[at + 1] === 0x00) {
      out.push(...bytes.subarray(copied, at), 0x10, ...hook);
      copied = r.pos;
    }
  }
  out.push(...bytes.subarray(copied, end));
  return out;
}

/** The code section with each body rewritten, or null when one has an instruction not known here. */
function rewriteCode(bytes: Uint8Array, code: Section, hook: number[]): { count: number; bodies: number[] } | null {
  const r = new ByteReader(bytes, code.start);
  const count = r.u32();
  const bodies: number[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const size = r.u32();
      const body = rewriteBody(bytes, r.pos, r.pos + size, hook);
      bodies.push(...unsignedLeb128(body.length), ...body);
      r.skip(size);
    }
  } catch (err) {
    if (err instanceof UnknownInstruction) return null;
    throw err;
  }
  return { count, bodies };
}

/** (func (param $pages i32) (result i32) (local $got i32) memory.grow, and on -1 record $pages). */
function hookBody(refusedGlobal: number): number[] {
  const global = unsignedLeb128(refusedGlobal);
  const body = [0x01, 0x01, 0x7f, 0x20, 0x00, 0x40, 0x00, 0x22, 0x01, 0x41, 0x7f, 0x46, 0x04, 0x40, 0x20, 0x00, 0x24, ...global, 0x0b, 0x20, 0x01, 0x0b];
  return [...unsignedLeb128(body.length), ...body];
}

/** Sections of these ids come after the global section. */
const AFTER_GLOBALS = new Set([7, 8, 9, 10, 11, 12]);

/**
 * The module with its memory capped at `capBytes` (rounded down to whole pages).
 * Throws MemoryCapError when the module cannot run under the cap at all.
 */
export function capMemory(bytes: Uint8Array, capBytes: number): Uint8Array {
  const capPages = Math.floor(capBytes / PAGE_BYTES);
  const all = sections(bytes);
  const find = (id: number) => all.find((s) => s.id === id);
  const imports = importCounts(bytes, find(2));
  const memorySection = find(5);
  if (!memorySection) throw new MemoryCapError("has no memory of its own");
  const mr = new ByteReader(bytes, memorySection.start);
  if (mr.u32() !== 1) throw new MemoryCapError("has more than one memory");
  const memory = limits(mr);
  if (memory.flags > 1) throw new MemoryCapError("has a shared or 64-bit memory, which a Kubewarden policy does not use");
  if (memory.min > capPages) {
    throw new MemoryCapError(`starts with ${(memory.min * PAGE_BYTES) / MIB} MiB of memory, more than the cap of ${(capPages * PAGE_BYTES) / MIB} MiB per evaluation`);
  }
  const max = Math.min(memory.max ?? capPages, capPages);

  const types = vector(bytes, find(1));
  const functions = vector(bytes, find(3));
  const globals = vector(bytes, find(6));
  const exportsSection = vector(bytes, find(7));
  const code = find(10);
  const hookIndex = imports.functions + functions.count;
  const refusedGlobal = imports.globals + globals.count;
  const rewritten = code ? rewriteCode(bytes, code, unsignedLeb128(hookIndex)) : null;

  const replaced = new Map<number, number[]>();
  replaced.set(5, encodeSection(5, 1, [0x01, ...unsignedLeb128(memory.min), ...unsignedLeb128(max)], []));
  let globalSection: number[] | null = null;
  if (rewritten && code) {
    replaced.set(1, encodeSection(1, types.count + 1, types.entries, [0x60, 0x01, 0x7f, 0x01, 0x7f]));
    replaced.set(3, encodeSection(3, functions.count + 1, functions.entries, unsignedLeb128(types.count)));
    globalSection = encodeSection(6, globals.count + 2, globals.entries, [0x7f, 0x01, 0x41, 0x00, 0x0b, 0x7f, 0x00, 0x41, ...signedLeb128(capPages), 0x0b]);
    replaced.set(7, encodeSection(7, exportsSection.count + 2, exportsSection.entries, [
      ...encodedName(REFUSED_GROW_EXPORT), 0x03, ...unsignedLeb128(refusedGlobal),
      ...encodedName(CAP_PAGES_EXPORT), 0x03, ...unsignedLeb128(refusedGlobal + 1),
    ]));
    replaced.set(10, encodeSection(10, rewritten.count + 1, rewritten.bodies, hookBody(refusedGlobal)));
  }

  const out: number[] = Array.from(bytes.subarray(0, 8));
  for (const section of all) {
    if (globalSection && (section.id === 6 || AFTER_GLOBALS.has(section.id))) {
      out.push(...globalSection);
      globalSection = null;
      if (section.id === 6) continue;
    }
    out.push(...(replaced.get(section.id) ?? bytes.subarray(section.header, section.end)));
  }
  if (globalSection) out.push(...globalSection);
  return Uint8Array.from(out);
}

/** Why an instance's failed call failed, when the reason is the memory cap. */
export function memoryRefusal(instance: WebAssembly.Instance): string | null {
  const refused = instance.exports[REFUSED_GROW_EXPORT];
  const cap = instance.exports[CAP_PAGES_EXPORT];
  if (!(refused instanceof WebAssembly.Global) || !(cap instanceof WebAssembly.Global) || refused.value <= 0) return null;
  const memory = instance.exports.memory as WebAssembly.Memory;
  const mib = (bytes: number) => `${Math.round((bytes / MIB) * 10) / 10} MiB`;
  return `the policy asked for ${mib(refused.value * PAGE_BYTES)} more memory while using ${mib(memory.buffer.byteLength)}, ` +
    `past the cap of ${mib(cap.value * PAGE_BYTES)} per evaluation`;
}
