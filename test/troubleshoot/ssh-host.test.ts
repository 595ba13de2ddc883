import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SshConnection } from '../../src/services/ssh/connection.js';
import { SshHost } from '../../src/workflows/runbooks/ssh-host.js';
import { parseSs, ssArgv } from '../../src/workflows/runbooks/host.js';
import { probe } from '../../src/workflows/runbooks/http.js';
import { startSshd, type Sshd } from '../support/sshd.js';

describe('SshHost against a real sshd', () => {
  let sshd: Sshd;
  let conn: SshConnection;
  let host: SshHost;
  let dir: string;
  let server: Server;
  const sockets = new Set<import('node:net').Socket>();
  const opts = { signal: new AbortController().signal, timeoutMs: 10_000 };

  beforeAll(async () => {
    sshd = await startSshd();
    const knownHostsFile = join(sshd.dir, 'known_hosts');
    await writeFile(knownHostsFile, `${sshd.knownHostsLine}\n`);
    conn = new SshConnection({
      host: '127.0.0.1', hostname: '127.0.0.1', port: sshd.port, user: 'root',
      identityFile: sshd.clientKeyPath, identitiesOnly: true, knownHostsFile, agent: false,
      connectTimeoutSec: 5,
    }, { onUnknownHost: async () => false });
    host = new SshHost(conn);
    dir = await mkdtemp(join(tmpdir(), 'cx-sshhost-'));
    server = createServer((s) => sockets.add(s).has(s) && s.end(
      'HTTP/1.1 307 Temporary Redirect\r\n' +
      'location: https://example.test/cb\r\ncontent-length: 0\r\nconnection: close\r\n\r\n'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  });

  afterAll(async () => {
    conn.close();
    await sshd.stop();
    await rm(dir, { recursive: true, force: true });
    for (const s of sockets) s.destroy();
    await new Promise((r) => server.close(r));
  });

  it('reads a file, and says undefined for a missing one', async () => {
    await writeFile(join(dir, 'nginx.conf'), 'server { listen 80; }\n');
    expect(await host.readFile(join(dir, 'nginx.conf'), opts)).toBe('server { listen 80; }\n');
    expect(await host.readFile(join(dir, 'missing.conf'), opts)).toBeUndefined();
  });

  it('lists listening sockets with ss, the sshd among them', async () => {
    const res = await host.exec(ssArgv(), opts);
    expect(res.code).toBe(0);
    expect(parseSs(res.stdout).some((l) => l.port === sshd.port && l.process === 'sshd'))
      .toBe(true);
  });

  it('probes through a stream opened from the host side', async () => {
    const port = (server.address() as { port: number }).port;
    const stream = await host.dial('127.0.0.1', port, opts);
    const res = await probe(`http://127.0.0.1:${port}/api/v1/auth/login`, { ...opts, stream });
    expect(res.status).toBe(307);
    expect(res.headers.location).toBe('https://example.test/cb');
    stream.destroy();
  });
});
