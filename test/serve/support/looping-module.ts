// A hand-assembled policy module that answers validate_settings with
// {"valid":true} and loops forever on validate, to exercise the timeout.
// It tells operations apart by the length of their name ("validate" is 8).

function section(id: number, body: number[]): number[] {
  return [id, ...uleb(body.length), ...body];
}

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

function name(text: string): number[] {
  const bytes = [...new TextEncoder().encode(text)];
  return [...uleb(bytes.length), ...bytes];
}

const I32 = 0x7f;
const FUNC = 0x60;
const ANSWER = '{"valid":true}';
const ANSWER_AT = [0x41, 0x80, 0x08]; // i32.const 1024

/** `initialPages` of 64 KiB: more than one page makes a module that starts big. */
export function loopingModule(initialPages = 1): Uint8Array {
  const types = section(1, [2, FUNC, 2, I32, I32, 1, I32, FUNC, 2, I32, I32, 0]);
  const imports = section(2, [1, ...name("wapc"), ...name("__guest_response"), 0x00, 1]);
  const functions = section(3, [1, 0]);
  const memory = section(5, [1, 0x00, ...uleb(initialPages)]);
  const exports = section(7, [2, ...name("memory"), 0x02, 0, ...name("__guest_call"), 0x00, 1]);
  const body = [
    0x00, // no locals
    0x20, 0x00, 0x41, 0x08, 0x46, // op_len == 8
    0x04, 0x40, 0x03, 0x40, 0x0c, 0x00, 0x0b, 0x0b, // if { loop { br 0 } }
    ...ANSWER_AT, 0x41, ANSWER.length, 0x10, 0x00, // __guest_response(1024, len)
    0x41, 0x01, 0x0b, // return 1
  ];
  const code = section(10, [1, ...uleb(body.length), ...body]);
  const data = section(11, [1, 0x00, ...ANSWER_AT, 0x0b, ...name(ANSWER)]);
  return Uint8Array.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, ...types, ...imports, ...functions, ...memory, ...exports, ...code, ...data]);
}
