import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

import { catalogueRows, FINDING_CODES } from '../../src/services/analyze/index.js';

const SRC = fileURLToPath(new URL('../../src/services/analyze/', import.meta.url));

describe('FINDING_CODES', () => {
  const rows = catalogueRows();

  it('uses the agreed ranges and leaves CX401-CX409 to the live checks', () => {
    for (const [code] of rows) {
      expect(code).toMatch(/^CX[1-5]\d\d$/);
      expect(Number(code.slice(2)) >= 401 && Number(code.slice(2)) <= 409).toBe(false);
    }
  });

  it('gives every code a title, a one-paragraph explanation and a fix', () => {
    for (const [, info] of rows) {
      expect(info.title.length).toBeGreaterThan(10);
      expect(info.explanation.length).toBeGreaterThan(40);
      expect(info.explanation).not.toMatch(/\n/);
      expect(info.fix.length).toBeGreaterThan(5);
    }
  });

  it('lists rows in code order', () => {
    const codes = rows.map(([code]) => code);
    expect(codes).toEqual([...codes].sort());
    expect(codes).toHaveLength(Object.keys(FINDING_CODES).length);
  });

  it('has no code that no analyzer emits', () => {
    const sources = readdirSync(SRC)
      .filter((f) => f.endsWith('.ts') && !f.startsWith('codes'))
      .map((f) => readFileSync(`${SRC}${f}`, 'utf8'))
      .join('\n');
    const unused = rows.map(([code]) => code).filter((code) => !sources.includes(`'${code}'`));
    expect(unused).toEqual([]);
  });
});
