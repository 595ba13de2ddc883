import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { followFile, tailFile } from '../../src/services/file-follow.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'cx-follow-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !check(); i++) await new Promise((r) => setTimeout(r, 50));
}

describe('following a local log file', () => {
  it('tails the last lines, and none of a file that does not exist yet', async () => {
    const file = path.join(dir, 'access.log');
    expect(await tailFile(file, 5)).toEqual([]);
    await writeFile(file, 'a\nb\nc\n');
    expect(await tailFile(file, 2)).toEqual(['b', 'c']);
  });

  it('waits for the file, then follows appends, partial lines and truncation', async () => {
    const file = path.join(dir, 'access.log');
    const seen: string[] = [];
    const stop = new AbortController();
    const following = followFile(file, (l) => seen.push(l), stop.signal);
    await writeFile(file, 'one\ntw');
    await until(() => seen.length >= 1);
    await appendFile(file, 'o\n');
    await until(() => seen.length >= 2);
    await writeFile(file, 'three\n');
    await until(() => seen.length >= 3);
    stop.abort();
    await following;
    expect(seen).toEqual(['one', 'two', 'three']);
  });
});
