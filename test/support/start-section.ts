// Turns a module's exported `_start` back into a wasm start section: the shape AssemblyScript
// emits without `--exportStart _start`, and the shape policy-server cannot load.
import { section, uleb } from "./wasm-bytes.ts";

function readLeb(bytes: Uint8Array, pos: number): [value: number, next: number] {
  let value = 0, shift = 0, b: number;
  do {
    b = bytes[pos++];
    value += (b & 0x7f) * 2 ** shift;
    shift += 7;
  } while (b & 0x80);
  return [value, pos];
}

export function withStartSection(module: Uint8Array): Uint8Array {
  const out: number[] = [...module.subarray(0, 8)];
  let pos = 8;
  let moved = false;
  while (pos < module.length) {
    const id = module[pos];
    const [size, bodyStart] = readLeb(module, pos + 1);
    const end = bodyStart + size;
    if (id !== 7) {
      out.push(...module.subarray(pos, end));
      pos = end;
      continue;
    }
    // The export section without `_start`, then a start section naming its function.
    let p = bodyStart;
    let count: number;
    [count, p] = readLeb(module, p);
    const kept: number[] = [];
    let keptCount = 0;
    let startIndex = -1;
    for (let i = 0; i < count; i++) {
      const entryStart = p;
      let nameLength: number;
      [nameLength, p] = readLeb(module, p);
      const name = new TextDecoder().decode(module.subarray(p, p + nameLength));
      p += nameLength;
      const kind = module[p++];
      let index: number;
      [index, p] = readLeb(module, p);
      if (name === "_start" && kind === 0) startIndex = index;
      else (kept.push(...module.subarray(entryStart, p)), keptCount++);
    }
    if (startIndex < 0) throw new Error("the module exports no _start function");
    out.push(...section(7, [...uleb(keptCount), ...kept]), ...section(8, uleb(startIndex)));
    moved = true;
    pos = end;
  }
  if (!moved) throw new Error("the module has no export section");
  return Uint8Array.from(out);
}
