// Writing a template folder out: every file below it, with `{{key}}` placeholders filled
// in, a `.tmpl` suffix dropped, and a leading `dot-` in a name turned into `.` (npm would
// leave a .gitignore out of the package, and a dot folder is easy to lose).
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";

const TEMPLATE_SUFFIX = ".tmpl";
const DOT_PREFIX = "dot-";

export type TemplateValues = Record<string, string>;

/** Every file below `dir`, as paths relative to it. */
function templateFiles(dir: string, base = dir): string[] {
  return readdirSync(dir).sort().flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? templateFiles(path, base) : [relative(base, path)];
  });
}

function render(text: string, values: TemplateValues): string {
  return text.replace(/\{\{(\w+)\}\}/g, (placeholder, key: string) => values[key] ?? placeholder);
}

function targetName(file: string): string {
  const path = file.endsWith(TEMPLATE_SUFFIX) ? file.slice(0, -TEMPLATE_SUFFIX.length) : file;
  return path.split("/").map((part) => (part.startsWith(DOT_PREFIX) ? `.${part.slice(DOT_PREFIX.length)}` : part)).join("/");
}

/** Writes the files of `templateDir` below `target`; returns the paths written. */
export function writeTemplate(templateDir: string, target: string, values: TemplateValues): string[] {
  return templateFiles(templateDir).map((file) => {
    const out = join(target, targetName(file));
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, render(readFileSync(join(templateDir, file), "utf8"), values));
    return out;
  });
}
