// Artifact Hub maintainers from io.kubewarden.policy.author, an RFC 5322 style address list.

export class MaintainerError extends Error {}

export interface Maintainer {
  name: string;
  email: string;
}

/** Splits at commas that are neither inside "quotes" nor inside <angle brackets>. */
function splitAddressList(list: string): string[] {
  const parts: string[] = [];
  let current = "", quoted = false, bracketed = false;
  for (const ch of list) {
    if (ch === '"') quoted = !quoted;
    else if (ch === "<" && !quoted) bracketed = true;
    else if (ch === ">" && !quoted) bracketed = false;
    if (ch === "," && !quoted && !bracketed) parts.push(current), (current = "");
    else current += ch;
  }
  return [...parts, current].map((p) => p.trim()).filter(Boolean);
}

/** `Name <mail>, "Last, First" <mail2>, mail3` (the simple forms of an RFC 5322 address list). */
export function parseMaintainers(author: string): Maintainer[] {
  return splitAddressList(author).map((entry) => {
    const match = /^(.*?)\s*<([^<>\s]+@[^<>\s]+)>$/.exec(entry) ?? /^()([^<>\s]+@[^<>\s]+)$/.exec(entry);
    if (!match) throw new MaintainerError(`io.kubewarden.policy.author entry '${entry}' needs an e-mail address: Name <mail>`);
    const name = match[1].replace(/^"(.*)"$/, "$1").trim();
    return { name: name || match[2], email: match[2] };
  });
}
