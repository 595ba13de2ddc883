import { execFile } from 'node:child_process';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildDryRunArgs, buildSyncArgs, filterArgs, rsyncRemoteShell,
} from '../../src/services/rsync/args.js';
import {
  formatBytes, parseItemLine, parseItemized, parseProgressLine,
} from '../../src/services/rsync/parse.js';
import { RsyncError, rsyncExitWords } from '../../src/services/rsync/exit-codes.js';
import type { SshTarget } from '../../src/services/ssh/ssh-config.js';

const target: SshTarget = {
  host: 'web', hostname: 'web.example', port: 2222, user: 'deploy',
  identityFile: '/keys/id', identitiesOnly: true, knownHostsFile: '/kh/known hosts',
  agent: false, connectTimeoutSec: 10,
};
const spec = {
  target, workspace: '/ws/', excludes: ['.git', 'node_modules'], protect: ['.env', 'data/'],
  hostOnly: ['cortex-ops.release.yml'],
};
const SHELL = 'ssh -p 2222 -o BatchMode=yes -o StrictHostKeyChecking=yes ' +
  '-o \'UserKnownHostsFile="/kh/known hosts"\' -o IdentitiesOnly=yes -i /keys/id ' +
  '-o ConnectTimeout=10 -o ServerAliveInterval=15 -o ServerAliveCountMax=3 -l deploy';

describe('rsync argv', () => {
  it('builds -e from the SSH helper: same known_hosts, BatchMode, strict keys', () => {
    expect(rsyncRemoteShell(target)).toBe(SHELL);
    expect(rsyncRemoteShell(target)).not.toContain('sshpass');
  });

  it('anchors protected and host-only paths, keeps config excludes as written', () => {
    expect(filterArgs(spec)).toEqual([
      '--exclude=.git', '--exclude=node_modules', '--exclude=/.env', '--exclude=/data',
      '--exclude=/cortex-ops.release.yml',
    ]);
  });

  it('builds the dry run exactly', () => {
    expect(buildDryRunArgs(spec, '/srv/app/')).toEqual([
      'rsync', '-a', '--delete', '--dry-run', '--itemize-changes', '--stats',
      '--exclude=.git', '--exclude=node_modules', '--exclude=/.env', '--exclude=/data',
      '--exclude=/cortex-ops.release.yml', '-e', SHELL, '/ws/', 'deploy@web.example:/srv/app/',
    ]);
  });

  it('builds the release sync exactly, with link-dest to the current release', () => {
    const rel = '/srv/.cortex-ops/app/releases';
    expect(buildSyncArgs(spec, `${rel}/R`, `${rel}/P`))
      .toEqual([
        'rsync', '-a', '-z', '--delete', '--link-dest=/srv/.cortex-ops/app/releases/P',
        '--info=progress2', '--no-inc-recursive',
        '--exclude=.git', '--exclude=node_modules', '--exclude=/.env', '--exclude=/data',
        '--exclude=/cortex-ops.release.yml', '-e', SHELL, '/ws/',
        'deploy@web.example:/srv/.cortex-ops/app/releases/R/',
      ]);
    expect(buildSyncArgs(spec, '/r')).not.toContain('--link-dest');
  });
});

describe('itemized output', () => {
  it('classifies lines', () => {
    expect(parseItemLine('>f+++++++++ app/new.py')).toEqual({ kind: 'added', path: 'app/new.py' });
    expect(parseItemLine('>f.st...... app/main.py'))
      .toEqual({ kind: 'changed', path: 'app/main.py' });
    expect(parseItemLine('*deleting   old.txt')).toEqual({ kind: 'deleted', path: 'old.txt' });
    expect(parseItemLine('cd+++++++++ app/')).toBeUndefined();
    expect(parseItemLine('.d..t...... app/')).toBeUndefined();
    expect(parseItemLine('Number of files: 4 (reg: 2, dir: 2)')).toBeUndefined();
  });

  it('sums a dry run including stats', () => {
    const out = [
      '*deleting   gone.txt', '>f+++++++++ a.txt', '>f.st...... b.txt', '',
      'Number of files: 12 (reg: 9, dir: 3)', 'Total file size: 9,999 bytes',
      'Total transferred file size: 1,234,567 bytes', '',
    ].join('\n');
    expect(parseItemized(out)).toEqual({
      added: ['a.txt'], changed: ['b.txt'], deleted: ['gone.txt'], bytes: 1234567,
      totalFiles: 9,
    });
  });
});

describe('progress2', () => {
  it('parses a full line with xfr and to-chk', () => {
    expect(parseProgressLine('      3,000,003 100%  260.09MB/s    0:00:00 (xfr#2, to-chk=0/4)'))
      .toEqual({ bytes: 3000003, percent: 100, rate: '260.09MB/s', eta: '0:00:00',
        transferred: 2, toCheck: 0, total: 4 });
  });

  it('parses a line without file counts, and ignores others', () => {
    expect(parseProgressLine('              0   0%    0.00kB/s    0:00:00'))
      .toEqual({ bytes: 0, percent: 0, rate: '0.00kB/s', eta: '0:00:00' });
    expect(parseProgressLine('sending incremental file list')).toBeUndefined();
  });

  it('formats bytes', () => {
    expect(formatBytes(999)).toBe('999 B');
    expect(formatBytes(1_234_567)).toBe('1.2 MB');
    expect(formatBytes(45_000)).toBe('45 kB');
  });
});

describe('exit codes', () => {
  it('tells 23 from 24 and 255 from rsync', () => {
    expect(rsyncExitWords(23)).toMatch(/partial transfer due to error/);
    expect(rsyncExitWords(24)).toMatch(/vanished/);
    expect(rsyncExitWords(255)).toMatch(/^ssh failed, not rsync/);
    expect(rsyncExitWords(12)).toMatch(/protocol data stream/);
    expect(rsyncExitWords(30)).toMatch(/timeout/);
    expect(rsyncExitWords(35)).toMatch(/daemon/);
    expect(rsyncExitWords(99)).toBe('unknown rsync exit code 99');
    expect(new RsyncError(255, 'x\nssh: connect refused\n').message)
      .toBe('rsync failed (exit 255): ' + rsyncExitWords(255) + ' [ssh: connect refused]');
  });
});

describe('against the real rsync (local paths)', () => {
  let dir: string;
  const run = promisify(execFile);
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cx-rsync-'));
    await mkdir(join(dir, 'src/sub'), { recursive: true });
    await mkdir(join(dir, 'dst/data'), { recursive: true });
    await writeFile(join(dir, 'src/a.txt'), 'a');
    await writeFile(join(dir, 'src/sub/b.txt'), 'bb');
    await writeFile(join(dir, 'src/.env'), 'LOCAL=1');
    await writeFile(join(dir, 'dst/old.txt'), 'old');
    await writeFile(join(dir, 'dst/.env'), 'SERVER=1');
    await writeFile(join(dir, 'dst/data/db'), 'db');
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('itemizes new, deleted, and never touches protected paths', async () => {
    const argv = ['rsync', '-a', '--delete', '--dry-run', '--itemize-changes', '--stats',
      ...filterArgs({ excludes: ['.git'], protect: ['.env', 'data'] }),
      `${dir}/src/`, `${dir}/dst/`];
    const { stdout } = await run(argv[0]!, argv.slice(1));
    const s = parseItemized(stdout);
    expect(s.added.sort()).toEqual(['a.txt', 'sub/b.txt']);
    expect(s.deleted).toEqual(['old.txt']);
    expect(s.bytes).toBe(3);
  });
});
