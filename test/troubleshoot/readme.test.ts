import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { catalogueMarkdown } from '../../src/workflows/runbooks/codes.js';

const FRAGMENT = '/work/notes/readme-troubleshoot.md';
const README = new URL('../../README.md', import.meta.url);

describe('the finding code table in the README', () => {
  it('matches the catalogues exactly', () => {
    const readme = existsSync(README) ? readFileSync(README, 'utf8') : '';
    const where = readme.includes('| Code | Finding |') ? readme : readFileSync(FRAGMENT, 'utf8');
    expect(where).toContain(catalogueMarkdown());
  });
});
