import { describe, expect, it } from 'vitest';
import { detectTheme, localeIsUtf8, wantsNoColor } from '../../src/ui/theme.js';

describe('theme', () => {
  it('honours NO_COLOR when set to anything non-empty, and TERM=dumb', () => {
    expect(wantsNoColor({ NO_COLOR: '1' })).toBe(true);
    expect(wantsNoColor({ NO_COLOR: '' })).toBe(false);
    expect(wantsNoColor({ TERM: 'dumb' })).toBe(true);
    expect(wantsNoColor({})).toBe(false);
  });

  it('reads the locale with LC_ALL over LC_CTYPE over LANG', () => {
    expect(localeIsUtf8({ LANG: 'en_US.UTF-8' })).toBe(true);
    expect(localeIsUtf8({ LANG: 'en_US.UTF-8', LC_ALL: 'C' })).toBe(false);
    expect(localeIsUtf8({ LC_CTYPE: 'C.utf8' })).toBe(true);
    expect(localeIsUtf8({})).toBe(false);
  });

  it('falls back to ASCII symbols and borders', () => {
    const theme = detectTheme({ LANG: 'C' });
    expect(theme.borderStyle).toBe('classic');
    const all = Object.values(theme.symbols.status).join('') + theme.symbols.spark.join('');
    expect(/^[\x20-\x7e]*$/.test(all)).toBe(true);
  });
});
