// What `wardenkit init` and `wardenkit new` print: each file they created, then what to run next.
export function createdFilesText(files: readonly string[], next: string): string {
  return [...files.map((file) => `created ${file}`), "", `next: ${next}`].join("\n");
}
