import { describe, expect, it } from 'vitest';
import { alignEnd, columnsOf, fitEnd } from '../../src/ui/fit.js';

describe('fitting text to terminal columns', () => {
  it('pads short text and cuts long text with an ellipsis, to exactly the width', () => {
    expect(fitEnd('ready', 8)).toBe('ready   ');
    expect(fitEnd('exactly8', 8)).toBe('exactly8');
    expect(fitEnd('_ai_unified_server', 10)).toBe('_ai_unifi…');
    expect(fitEnd('_ai_unified_server', 10, '...')).toBe('_ai_uni...');
    expect(fitEnd('abc', 1, '...')).toBe('a');
    expect(fitEnd('abc', 0)).toBe('');
  });

  it('measures wide and combining characters as the terminal draws them', () => {
    expect(columnsOf('健康')).toBe(4);
    expect(columnsOf('e\u0301t\u00e9')).toBe(3);
    // A wide character that would straddle the edge is dropped and the gap padded.
    expect(fitEnd('健康な状態', 6)).toBe('健康… ');
    expect(columnsOf(fitEnd('健康な状態', 6))).toBe(6);
    expect(fitEnd('cafe\u0301 ok', 5)).toBe('cafe\u0301…');
  });

  it('right-aligns, cutting from the end when too long', () => {
    expect(alignEnd('12ms', 6)).toBe('  12ms');
    expect(alignEnd('1234567', 6)).toBe('123456');
    expect(alignEnd('✔', 3)).toBe('  ✔');
  });
});
