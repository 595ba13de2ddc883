import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { catalogueMarkdown } from '../../src/workflows/runbooks/codes.js';

const README = new URL('../../README.md', import.meta.url);

describe('the finding code table in the README', () => {
  it('matches the catalogues exactly', () => {
    expect(readFileSync(README, 'utf8')).toContain(catalogueMarkdown());
  });
});
