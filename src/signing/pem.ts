// PEM blocks: a label and base64 DER between BEGIN and END lines. Node reads the standard
// labels itself; cosign's encrypted private keys have labels of their own, read here.

export interface PemBlock {
  label: string;
  der: Uint8Array;
}

const BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----\r?\n([\s\S]*?)-----END \1-----/g;
const LINE_LENGTH = 64;

/** Every PEM block of a text, in order; text around them is ignored. */
export function pemBlocks(text: string): PemBlock[] {
  return [...text.matchAll(BLOCK)].map(([, label, body]) => ({
    label,
    der: new Uint8Array(Buffer.from(body.replace(/\s+/g, ""), "base64")),
  }));
}

export function toPem(label: string, der: Uint8Array): string {
  const base64 = Buffer.from(der).toString("base64");
  const lines = base64.match(new RegExp(`.{1,${LINE_LENGTH}}`, "g")) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join("\n")}\n-----END ${label}-----\n`;
}
