import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import stringWidth8 from 'string-width';
import { narrowCodePoints, withNarrowFastPath } from '../../src/ui/narrow-width.js';
// @ts-expect-error: a plain .mjs module without types
import { wrapsStringWidth } from '../../scripts/bundle-options.mjs';

type Width = (s: string) => number;

/** Every copy of string-width under node_modules (ink's wrap-ansi brings an older one). */
function installedStringWidths(dir: string, found: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const sub = path.join(dir, name);
    if (name.startsWith('.') || !statSync(sub).isDirectory()) continue;
    if (name === 'string-width' && path.basename(dir) === 'node_modules') found.push(sub);
    else if (name === 'node_modules' || path.basename(dir) === 'node_modules'
      || name.startsWith('@')) installedStringWidths(sub, found);
  }
  return found;
}

const root = path.resolve(import.meta.dirname, '../../node_modules');
const widths = await Promise.all(installedStringWidths(root).map(async (dir) => {
  const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as
    { version: string; main?: string; exports?: unknown };
  const entry = path.join(dir, pkg.main ?? 'index.js');
  const mod = (await import(pathToFileURL(entry).href)) as { default: Width };
  return { version: pkg.version, width: mod.default };
}));

describe('the string-width fast path', () => {
  const points = narrowCodePoints();

  it('covers printable ASCII and the symbols the console draws', () => {
    expect(points).toContain(0x41);
    const drawn = '╭─╮│╰╯┌┐└┘' + '▁▂▃▄▅▆▇█░' + '▲◌✔✖…→•';
    for (const ch of drawn) {
      expect(points).toContain(ch.codePointAt(0));
    }
    expect(points).not.toContain(0x25fd);
    expect(points).not.toContain(0x1b);
    expect(points).not.toContain(0x4e00);
  });

  it('agrees with every string-width the bundle gives it to, on every character', () => {
    const wrapped = widths.filter((w) => wrapsStringWidth(w.version));
    expect(wrapped.map((w) => w.version)).toContain('8.3.0');
    // Version 7 measures a bare check mark as an emoji, two columns: it is left alone.
    expect(wrapsStringWidth('7.2.0')).toBe(false);
    const fast = withNarrowFastPath(() => Number.NaN);
    for (const { version, width } of wrapped) {
      const wrong = points.map((cp) => String.fromCodePoint(cp))
        .filter((ch) => fast(ch) !== width(ch));
      expect({ version, wrong }).toEqual({ version, wrong: [] });
    }
  });

  it('sets colour sequences aside as string-width does', () => {
    const fast = withNarrowFastPath(() => Number.NaN);
    const texts = ['\x1b[32m✔\x1b[39m healthy', '\x1b[1m\x1b[2m─│\x1b[22m\x1b[0m', '\x1b[m'];
    for (const text of texts) {
      expect(fast(text)).toBe(stringWidth8(text));
    }
  });

  it('hands everything else to string-width, options included', () => {
    const calls: unknown[][] = [];
    const width = withNarrowFastPath((text, options) => {
      calls.push([text, options]);
      return stringWidth8(text, options);
    });
    expect(width('healthy ✔ │ 12ms')).toBe(16);
    expect(width('\x1b[32m✔ ok\x1b[39m \x1b[1;2mdim\x1b[22m')).toBe(8);
    expect(width('健康')).toBe(4);
    const link = '\x1b]8;;https://example.test\x07ok\x1b]8;;\x07';
    expect(width(link)).toBe(2);
    expect(width('─', { ambiguousIsNarrow: false })).toBe(2);
    expect(calls).toEqual([
      ['健康', undefined], [link, undefined], ['─', { ambiguousIsNarrow: false }],
    ]);
  });
});
