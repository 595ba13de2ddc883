/**
 * A fast path for string-width, wired into the bundle by scripts/bundle-options.mjs for every
 * ESM import of `string-width` (ink measures each text and each distinct character of every
 * frame with it).
 *
 * string-width is exact for any Unicode, but its first call on a non-ASCII string pays for a
 * grapheme segmenter and an emoji property regex: 20 ms and more on a small machine, spent
 * on the console's first frame just to learn that a border or a status mark is one column
 * wide. Strings made only of printable ASCII and of the symbol ranges below are measured here
 * instead; test/foundation/narrow-width.test.ts checks every one of those characters against
 * each string-width version installed, so the answers are the same.
 */

/**
 * Printable ASCII; general punctuation (dashes, quotes, bullet, ellipsis); arrows; box
 * drawing, block elements and geometric shapes (without the two emoji-presentation squares
 * U+25FD and U+25FE); and the check and cross marks U+2713 to U+2718.
 */
const NARROW = /^[\x20-\x7e\u2010-\u2027\u2190-\u21ff\u2500-\u25fc\u25ff\u2713-\u2718]*$/;

/** Colour and style sequences, which take no columns (ink colours text with them). */
// eslint-disable-next-line no-control-regex
const SGR = /\x1b\[[0-9;]*m/g;

export type StringWidth = (text: string, options?: object) => number;

/**
 * `real`, answering directly for strings whose every character, once colour sequences are
 * set aside, is one column wide. Any other escape sequence goes to `real`.
 */
export function withNarrowFastPath(real: StringWidth): StringWidth {
  return (text, options) => {
    if (options === undefined && typeof text === 'string') {
      const plain = text.includes('\x1b') ? text.replace(SGR, '') : text;
      if (NARROW.test(plain)) return plain.length;
    }
    return real(text, options);
  };
}

/** The code points the fast path answers for (for tests). */
export function narrowCodePoints(): number[] {
  const out: number[] = [];
  for (let cp = 0; cp <= 0xffff; cp++) {
    if (NARROW.test(String.fromCharCode(cp))) out.push(cp);
  }
  return out;
}
