// A small line diff for "this generated file is stale" messages (files of a few hundred lines).

/** Lines only in `before` as `- `, only in `after` as `+ `, each with its line number. */
export function lineDiff(before: string, after: string, maxLines = 40): string {
  const a = before.split("\n"), b = after.split("\n");
  // Longest common subsequence table, filled from the end.
  const lcs = Array.from({ length: a.length + 1 }, () => new Uint32Array(b.length + 1));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  const out: string[] = [];
  let i = 0, j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) i++, j++;
    else if (i < a.length && (j === b.length || lcs[i + 1][j] >= lcs[i][j + 1])) out.push(`-${String(i + 1).padStart(4)}: ${a[i++]}`);
    else out.push(`+${String(j + 1).padStart(4)}: ${b[j++]}`);
  }
  return out.length > maxLines ? [...out.slice(0, maxLines), `… ${out.length - maxLines} more changed lines`].join("\n") : out.join("\n");
}
