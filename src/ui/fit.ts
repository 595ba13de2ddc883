/**
 * Text fitted to terminal columns, for rows drawn as one string rather than as a box per
 * field (fewer nodes for ink to lay out on every frame). Widths count terminal columns, so
 * wide and combining characters are measured as the terminal draws them.
 */
import stringWidth from 'string-width';

const PLAIN = /^[\x20-\x7e]*$/;
// Made on first need: a segmenter costs milliseconds, and the first frame rarely cuts text.
let graphemes: Intl.Segmenter | undefined;

/** Columns `text` takes on a terminal (string-width answers plain text without work). */
export function columnsOf(text: string): number {
  return stringWidth(text);
}

/** The longest start of `text` that fits in `width` columns. */
function cut(text: string, width: number): string {
  if (PLAIN.test(text)) return text.slice(0, width);
  let out = '';
  let used = 0;
  graphemes ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  for (const { segment } of graphemes.segment(text)) {
    const w = stringWidth(segment);
    if (used + w > width) break;
    out += segment;
    used += w;
  }
  return out;
}

/**
 * `text` in exactly `width` columns: padded with spaces when shorter, cut and ended with
 * `ellipsis` when longer (or just cut when even the ellipsis does not fit).
 */
export function fitEnd(text: string, width: number, ellipsis = '…'): string {
  if (width <= 0) return '';
  const used = columnsOf(text);
  if (used <= width) return text + ' '.repeat(width - used);
  const room = width - columnsOf(ellipsis);
  const kept = room > 0 ? cut(text, room) + ellipsis : cut(text, width);
  return kept + ' '.repeat(width - columnsOf(kept));
}

/** `text` right-aligned in `width` columns (cut from the end when longer). */
export function alignEnd(text: string, width: number): string {
  const used = columnsOf(text);
  return used >= width ? cut(text, width) : ' '.repeat(width - used) + text;
}
