/** A line diff for previews: unchanged lines prefixed "  ", removed "- ", added "+ ". */

/** Diffs two texts line by line (longest common subsequence; meant for small files). */
export function lineDiff(before: string, after: string): string {
  const a = before.split('\n');
  const b = after.split('\n');
  const n = a.length;
  const m = b.length;
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1
        : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }

  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      out.push(`  ${a[i]}`);
      i++;
      j++;
    } else if (i < n && (j >= m || lcs[i + 1]![j]! >= lcs[i]![j + 1]!)) {
      out.push(`- ${a[i]}`);
      i++;
    } else {
      out.push(`+ ${b[j]}`);
      j++;
    }
  }

  return out.join('\n');
}

/** A diff cut down to its changed lines and `context` lines around them. */
export function compactDiff(diff: string, context = 3): string {
  const lines = diff.split('\n');
  const keep = lines.map(() => false);
  lines.forEach((line, i) => {
    if (line.startsWith('  ')) return;
    for (let j = Math.max(0, i - context); j <= Math.min(lines.length - 1, i + context); j++) {
      keep[j] = true;
    }
  });
  const out: string[] = [];
  lines.forEach((line, i) => {
    if (keep[i]) out.push(line);
    else if (i === 0 || keep[i - 1]) out.push('  …');
  });
  return out.join('\n');
}
