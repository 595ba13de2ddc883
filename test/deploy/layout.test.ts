import { execFile } from 'node:child_process';
import {
  lstat, mkdir, mkdtemp, readFile, readlink, rm, stat, writeFile,
} from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  adoptLegacyArgv, inspectArgv, linkSharedArgv, newReleaseId, parseInspect, prepareArgv,
  pruneArgv, releaseLayout, releasesToPrune, switchArgv, validateRemoteDir, writeFileArgv,
} from '../../src/services/release/layout.js';

const exec = promisify(execFile);
async function run(argv: string[], stdin?: string): Promise<string> {
  const child = exec(argv[0]!, argv.slice(1));
  // A command may exit without reading stdin; the EPIPE that can follow is expected.
  child.child.stdin?.on('error', () => undefined);
  if (stdin !== undefined) child.child.stdin?.end(stdin);
  return (await child).stdout;
}

describe('layout paths', () => {
  it('puts releases beside the project', () => {
    expect(releaseLayout('/srv/app/cortex-hub/')).toEqual({
      remoteDir: '/srv/app/cortex-hub', name: 'cortex-hub', base: '/srv/app/.cortex-ops/cortex-hub',
      releases: '/srv/app/.cortex-ops/cortex-hub/releases',
      shared: '/srv/app/.cortex-ops/cortex-hub/shared',
      current: '/srv/app/.cortex-ops/cortex-hub/current',
      lock: '/srv/app/.cortex-ops/cortex-hub/lock',
      audit: '/srv/app/.cortex-ops/cortex-hub/audit.jsonl',
    });
  });

  it('refuses /, temp dirs, homes and top-level dirs', () => {
    for (const bad of ['/', '/tmp/x', '/var/tmp/app', '/root', '/home/coder', '/srv', 'rel/x']) {
      expect(() => validateRemoteDir(bad), bad).toThrow(/project.remoteDir/);
    }

    expect(() => validateRemoteDir('/opt/data/app', '/opt/data/app')).toThrow(/home/);
    expect(() => validateRemoteDir('/home/coder/project/cortex-hub')).not.toThrow();
  });

  it('makes sortable release ids', () => {
    expect(newReleaseId(new Date('2026-12-03T17:42:29.123Z'), '3F9C2ABdeadbeef99'))
      .toBe('20261203T174229Z-3f9c2abdeadb');
    expect(newReleaseId(new Date('2026-12-03T17:42:29Z'), 'a')).toBe('20261203T174229Z-a000');
  });

  it('prunes the oldest beyond keep, never the protected ones', () => {
    const ids = ['1', '2', '3', '4', '5', '6', '7'];
    expect(releasesToPrune(ids, 5, ['7', '1'])).toEqual(['2', '3']);
    expect(releasesToPrune(ids.slice(0, 3), 5, [])).toEqual([]);
  });
});

describe('layout scripts on a real file system', () => {
  let root: string;
  const A = '20261203T100000Z-aaaa';
  const B = '20261203T110000Z-bbbb';
  const L = '20261203T090000Z-legacy';
  beforeEach(async () => {
    // Release layouts refuse /tmp on purpose, so these live under /var/lib.
    root = await mkdtemp('/var/lib/cx-layout-');
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it('first release on an empty host: prepare, share, switch, inspect', async () => {
    const l = releaseLayout(`${root}/srv/app`);
    await run(prepareArgv(l, A));
    await writeFile(join(l.releases, A, 'f'), 'x');
    await run(linkSharedArgv(l, A, ['.env', 'data']));
    await run(switchArgv(l, A));
    await run(writeFileArgv(join(l.releases, A, 'cortex-ops.release.json')), '{"id":"A"}\n');

    expect(await readlink(l.remoteDir)).toBe('.cortex-ops/app/current');
    expect(await readlink(l.current)).toBe(`releases/${A}`);
    expect(await readFile(join(l.remoteDir, 'f'), 'utf8')).toBe('x');
    expect((await stat(join(l.shared, 'data'))).isDirectory()).toBe(true);
    expect(await readlink(join(l.releases, A, 'data'))).toBe('../../shared/data');
    await expect(lstat(join(l.releases, A, '.env'))).rejects.toThrow();

    const host = parseInspect(await run(inspectArgv(l)));
    expect(host).toMatchObject({ kind: 'link', current: A, releases: [A],
      meta: { [A]: { id: 'A' } } });
    expect(host.freeKb).toBeGreaterThan(0);
  });

  it('switches to a second release and back atomically', async () => {
    const l = releaseLayout(`${root}/srv/app`);
    for (const id of [A, B]) {
      await run(prepareArgv(l, id));
      await writeFile(join(l.releases, id, 'v'), id);
    }

    await run(switchArgv(l, A));
    await run(switchArgv(l, B));
    expect(await readFile(join(l.remoteDir, 'v'), 'utf8')).toBe(B);
    await run(switchArgv(l, A));
    expect(await readFile(join(l.remoteDir, 'v'), 'utf8')).toBe(A);
    await expect(run(switchArgv(l, '20261203T120000Z-none'))).rejects.toThrow();
    await run(pruneArgv(l, [B]));
    expect(parseInspect(await run(inspectArgv(l))).releases).toEqual([A]);
  });

  it('adopts a plain project directory, keeping .env and data in shared', async () => {
    const l = releaseLayout(`${root}/srv/app`);
    await mkdir(join(l.remoteDir, 'data'), { recursive: true });
    await writeFile(join(l.remoteDir, 'data', 'db'), 'rows');
    await writeFile(join(l.remoteDir, '.env'), 'SECRET=1');
    await writeFile(join(l.remoteDir, 'code.py'), 'print(1)');
    expect(parseInspect(await run(inspectArgv(l))).kind).toBe('dir');

    await run(adoptLegacyArgv(l, L, ['.env', 'data']));
    expect(await readFile(join(l.remoteDir, 'code.py'), 'utf8')).toBe('print(1)');
    expect(await readFile(join(l.shared, 'data', 'db'), 'utf8')).toBe('rows');
    expect(await readFile(join(l.remoteDir, '.env'), 'utf8')).toBe('SECRET=1');
    expect(await readlink(join(l.releases, L, '.env'))).toBe('../../shared/.env');
    expect(await readlink(join(l.releases, L, 'data'))).toBe('../../shared/data');
    expect((await lstat(join(l.releases, L, 'code.py'))).isFile()).toBe(true);
    expect(parseInspect(await run(inspectArgv(l)))).toMatchObject({ kind: 'link', current: L });
  });

  it('switch refuses to replace a plain directory', async () => {
    const l = releaseLayout(`${root}/srv/app`);
    await mkdir(l.remoteDir, { recursive: true });
    await run(prepareArgv(l, A));
    await expect(run(switchArgv(l, A))).rejects.toThrow(/not a symlink/);
  });
});
