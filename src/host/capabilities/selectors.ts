// Kubernetes label and field selectors, as list requests carry them.

type LabelTerm = (labels: Record<string, string>) => boolean;

function splitTerms(selector: string): string[] {
  // Commas inside "in (a,b)" do not separate terms.
  const terms: string[] = [];
  let depth = 0, from = 0;
  for (let i = 0; i < selector.length; i++) {
    const c = selector[i];
    if (c === "(") depth++;
    else if (c === ")") depth--;
    else if (c === "," && depth === 0) {
      terms.push(selector.slice(from, i));
      from = i + 1;
    }
  }
  terms.push(selector.slice(from));
  return terms.map((t) => t.trim()).filter((t) => t !== "");
}

function parseLabelTerm(term: string): LabelTerm {
  let m = /^(\S+?)\s*(==|!=|=)\s*(\S*)$/.exec(term);
  if (m) {
    const [, key, op, value] = m;
    const valueOf = (l: Record<string, string>) => (Object.hasOwn(l, key) ? l[key] : undefined);
    return op === "!=" ? (l) => valueOf(l) !== value : (l) => valueOf(l) === value;
  }
  m = /^(\S+)\s+(in|notin)\s*\(([^)]*)\)$/.exec(term);
  if (m) {
    const [, key, op, list] = m;
    const values = new Set(list.split(",").map((v) => v.trim()));
    return op === "in" ? (l) => Object.hasOwn(l, key) && values.has(l[key]) : (l) => !Object.hasOwn(l, key) || !values.has(l[key]);
  }
  if (/^!\S+$/.test(term)) return (l) => !Object.hasOwn(l, term.slice(1));
  if (/^\S+$/.test(term)) return (l) => Object.hasOwn(l, term);
  throw new Error(`invalid label selector term '${term}'`);
}

export function matchesLabelSelector(selector: string | null | undefined, labels: Record<string, string> | undefined): boolean {
  if (!selector) return true;
  const l = labels ?? {};
  return splitTerms(selector).every((term) => parseLabelTerm(term)(l));
}

function fieldValue(object: unknown, path: string): string {
  let v: unknown = object;
  for (const key of path.split(".")) v = typeof v === "object" && v !== null ? (v as Record<string, unknown>)[key] : undefined;
  return v === undefined || v === null ? "" : String(v);
}

export function matchesFieldSelector(selector: string | null | undefined, object: unknown): boolean {
  if (!selector) return true;
  return splitTerms(selector).every((term) => {
    const m = /^([^=!\s]+)\s*(==|!=|=)\s*(.*)$/.exec(term);
    if (!m) throw new Error(`invalid field selector term '${term}'`);
    const [, path, op, value] = m;
    const equal = fieldValue(object, path) === value.trim();
    return op === "!=" ? !equal : equal;
  });
}
