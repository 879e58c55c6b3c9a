// The limit on YAML aliases. js-yaml gives an alias the very value its anchor names, shared
// rather than copied, so reading an alias bomb (billion laughs) costs nothing; what explodes
// is whatever walks the value afterwards: the request JSON a module is sent, the output. So a
// document's value is measured as if every alias were copied out, each shared value measured
// once (the walk costs what the document itself holds), and refused when its aliases would add
// more than MAX_YAML_ALIAS_VALUES values. js-yaml has no such limit of its own (the yaml
// package's maxAliasCount works on its own document model, which takes ten times the memory).

/** Values (mappings, lists and scalars) aliases may add to one document: far above any real manifest, far below a bomb. */
export const MAX_YAML_ALIAS_VALUES = 100_000;

const MEASURING = -1;

class Endless extends Error {}

function children(node: object): unknown[] {
  return Array.isArray(node) ? node : Object.values(node);
}

/** Why a document's aliases are refused, or undefined when they are within the limit. */
export function aliasProblem(value: unknown): string | undefined {
  const sizes = new Map<object, number>();
  let written = 0; // the values as the document writes them: a collection once, an alias as one value
  const copiedOut = (node: unknown): number => {
    written++;
    if (typeof node !== "object" || node === null) return 1;
    const known = sizes.get(node);
    if (known === MEASURING) throw new Endless();
    if (known !== undefined) return known;
    sizes.set(node, MEASURING);
    let size = 1;
    for (const child of children(node)) size += copiedOut(child);
    sizes.set(node, size);
    return size;
  };
  let added: number;
  try {
    added = copiedOut(value) - written;
  } catch (err) {
    // An alias inside the collection it names, or chains of aliases deeper than the stack.
    if (err instanceof Endless || err instanceof RangeError) return "is refused: its YAML aliases have no end when copied out";
    throw err;
  }
  if (added <= MAX_YAML_ALIAS_VALUES) return undefined;
  return `is refused: its YAML aliases would add ${added.toLocaleString("en")} values when copied out, more than ${MAX_YAML_ALIAS_VALUES.toLocaleString("en")} (an alias bomb)`;
}
