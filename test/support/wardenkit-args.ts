// The arguments of the `wardenkit …` command in a shell line (an example, a README line, a
// workflow step): words split as the shell splits them, quotes removed, up to a pipe,
// redirection or the next command.
export function wardenkitArgs(line: string): string[] {
  const words = (line.match(/(?:[^\s'"]+|'[^']*'|"[^"]*")+/g) ?? []).map((w) => w.replace(/'([^']*)'|"([^"]*)"/g, (_, single, double) => single ?? double));
  const args = words.slice(words.indexOf("wardenkit") + 1);
  const end = args.findIndex((w) => ["|", ">", ">>", "&&", ";"].includes(w));
  return end === -1 ? args : args.slice(0, end);
}
