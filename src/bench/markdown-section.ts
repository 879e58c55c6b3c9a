// BENCHMARKS.md is written by the benchmarks; a benchmark run on its own rewrites only its section.

/** `markdown` with the section under `heading` replaced by `section`, or added before the section `before` (at the end without it). */
export function withSection(markdown: string, heading: string, section: string, before?: string): string {
  const body = `${section.trimEnd()}\n`;
  const start = markdown.indexOf(heading);
  if (start !== -1) {
    const next = markdown.indexOf("\n## ", start + heading.length);
    return `${markdown.slice(0, start)}${body}${next === -1 ? "" : `\n${markdown.slice(next + 1)}`}`;
  }
  const at = before === undefined ? -1 : markdown.indexOf(before);
  if (at === -1) return `${markdown.trimEnd()}\n\n${body}`;
  return `${markdown.slice(0, at)}${body}\n${markdown.slice(at)}`;
}
