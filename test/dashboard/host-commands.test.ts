import { describe, expect, it } from 'vitest';
import {
  composeV1Argv, composeV2Argv, dfArgv, loadavgArgv, nprocArgv, parseComposeVersion, parseDf,
  parseLoadavg, sizeWords,
} from '../../src/workflows/sweep/host-commands.js';
import { diskVerdict, loadVerdict } from '../../src/workflows/sweep/checks-host.js';
import { containerVerdict, startupVerdict } from '../../src/workflows/sweep/checks-stack.js';

describe('host command argv', () => {
  it('builds exact argument arrays', () => {
    expect(composeV2Argv()).toEqual(['docker', 'compose', 'version']);
    expect(composeV1Argv()).toEqual(['docker-compose', 'version']);
    expect(dfArgv('/var/lib/docker')).toEqual(['df', '-P', '-k', '/var/lib/docker']);
    expect(dfArgv('/data dir; rm -rf /')).toEqual(['df', '-P', '-k', '/data dir; rm -rf /']);
    expect(loadavgArgv()).toEqual(['cat', '/proc/loadavg']);
    expect(nprocArgv()).toEqual(['getconf', '_NPROCESSORS_ONLN']);
  });
});

describe('parsers', () => {
  it('tells compose v1 from v2', () => {
    expect(parseComposeVersion('Docker Compose version v2.29.7\n'))
      .toEqual({ major: 2, version: '2.29.7' });
    expect(parseComposeVersion('docker-compose version 1.29.2, build unknown\n' +
      'docker-py version: 5.0.3\n')).toEqual({ major: 1, version: '1.29.2' });
    expect(parseComposeVersion('Docker Compose version 2.20.2+ds1-0ubuntu1~22.04.1'))
      .toEqual({ major: 2, version: '2.20.2' });
    expect(parseComposeVersion("docker: 'compose' is not a docker command.")).toBeUndefined();
  });

  it('reads df -P output, long device names included', () => {
    const out = 'Filesystem     1024-blocks     Used Available Capacity Mounted on\n' +
      '/dev/mapper/vg0-root 102400000 92160000 10240000      90% /var/lib/docker\n';
    expect(parseDf(out)).toEqual({ totalKb: 102400000, availKb: 10240000, usedPct: 90,
      mount: '/var/lib/docker' });
    expect(parseDf('df: /nope: No such file or directory\n')).toBeUndefined();
    expect(diskVerdict('/var/lib/docker', out)).toEqual({ status: 'warning',
      words: '9.8 GiB free of 98 GiB (90% used) at /var/lib/docker' });
  });

  it('reads /proc/loadavg', () => {
    expect(parseLoadavg('0.52 0.40 0.31 1/234 5678\n'))
      .toEqual({ load1: 0.52, load5: 0.4, load15: 0.31 });
    expect(parseLoadavg('garbage')).toBeUndefined();
    expect(loadVerdict('9.1 8.5 7.0 1/2 3', 2).status).toBe('warning');
    expect(loadVerdict('0.1 0.2 0.3 1/2 3', 1)).toEqual({ status: 'ok',
      words: '0.1 0.2 0.3 on 1 CPU' });
  });

  it('sizes in words', () => {
    expect(sizeWords(512)).toBe('512 KiB');
    expect(sizeWords(1536)).toBe('1.5 MiB');
    expect(sizeWords(50 * 1024 * 1024)).toBe('50 GiB');
  });
});

describe('container and log words', () => {
  it('describes containers', () => {
    const now = Date.UTC(2030, 0, 1, 12);
    expect(containerVerdict('gw', undefined))
      .toEqual({ status: 'failing', words: 'no container gw' });
    expect(containerVerdict('be', { name: 'be', state: 'exited', running: false, restartCount: 2,
      ports: [] })).toEqual({ status: 'failing', words: 'exited, not running' });
    expect(containerVerdict('gw', { name: 'gw', state: 'running', running: true, restartCount: 1,
      startedAt: now - 3_720_000, ports: [{ containerPort: 80, hostPort: 8002 }] }, now))
      .toEqual({ status: 'ok', words: 'running, up 1 h 2 min, publishes 8002->80, 1 restarts' });
    expect(containerVerdict('be', { name: 'be', state: 'running', running: true, restartCount: 0,
      health: 'unhealthy', ports: [] }).status).toBe('failing');
  });

  it('finds startup, migration and trouble lines', () => {
    expect(startupVerdict(['INFO: migration 002 applied', 'INFO: Application startup complete.']))
      .toEqual({ status: 'ok',
        words: 'INFO: Application startup complete.; INFO: migration 002 applied' });
    expect(startupVerdict(['INFO: Application startup complete.', 'INFO: running 002',
      'sqlite3.OperationalError: table sessions already exists'])).toEqual({ status: 'failing',
      words: 'sqlite3.OperationalError: table sessions already exists' });
    expect(startupVerdict([]).status).toBe('unknown');
  });
});
