/** A latency sparkline: the last samples as block heights, scaled to their own range. */

/**
 * The sparkline text for `values` (oldest first), `width` glyphs wide, right-aligned, using
 * `levels` (lowest first). Values are scaled between their minimum and maximum.
 */
export function sparkline(values: readonly number[], width: number, levels: readonly string[])
  : string {
  const tail = values.slice(-width);
  if (tail.length === 0 || levels.length === 0) return ' '.repeat(width);
  const min = Math.min(...tail);
  const max = Math.max(...tail);
  const top = levels.length - 1;
  const glyphs = tail.map((v) => {
    const level = max === min ? 0 : Math.round(((v - min) / (max - min)) * top);
    return levels[level]!;
  });
  return ' '.repeat(width - tail.length) + glyphs.join('');
}
