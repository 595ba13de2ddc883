/**
 * The dial-stdio agent end to end without a dockerd: the "host" (a real sshd) has a
 * `docker` shim whose `system dial-stdio` pipes stdio to a small HTTP server standing in
 * for the daemon, exactly as the real command pipes to the daemon's socket.
 */
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  dockerCall, dockerInfo, dockerVersion, releaseDocker,
} from '../../src/services/docker/api.js';
import { DockerTimeoutError } from '../../src/services/docker/errors.js';
import { SshConnection } from '../../src/services/ssh/connection.js';
import { startSshd, type Sshd } from '../support/sshd.js';

const PIPE = `const s = require('net').connect(Number(process.env.FAKE_DOCKERD_PORT), '127.0.0.1');
process.stdin.pipe(s); s.pipe(process.stdout);
s.on('close', () => process.exit(0)); s.on('error', () => process.exit(1));
`;

const VERSION = { Version: '99.0', ApiVersion: '1.99', Os: 'linux', Arch: 'amd64',
  KernelVersion: 'k' };
const INFO = { Name: 'fake', ServerVersion: '99.0', DockerRootDir: '/srv/docker',
  Containers: 2, ContainersRunning: 1, OperatingSystem: 'test' };

describe('the dial-stdio agent', () => {
  let dir: string;
  let server: Server;
  let sshd: Sshd;
  let conn: SshConnection;
  let connections = 0;

  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url?.includes('/slow')) return;
      const body = req.url?.endsWith('/version') ? VERSION : INFO;
      setTimeout(() => res.end(JSON.stringify(body)), 20);
    });
    server.on('connection', () => (connections += 1));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;

    dir = await mkdtemp(join(tmpdir(), 'cortex-fake-docker-'));
    await writeFile(join(dir, 'pipe.cjs'), PIPE);
    await writeFile(join(dir, 'docker'), `#!/bin/sh\nexec node ${join(dir, 'pipe.cjs')}\n`);
    await chmod(join(dir, 'docker'), 0o755);

    sshd = await startSshd({
      setEnv: { FAKE_DOCKERD_PORT: String(port), PATH: `${dir}:/usr/bin:/bin` },
    });
    const knownHosts = join(sshd.dir, 'known_hosts');
    await writeFile(knownHosts, `${sshd.knownHostsLine}\n`);
    conn = new SshConnection({
      host: '127.0.0.1', hostname: '127.0.0.1', port: sshd.port, user: 'root',
      identityFile: sshd.clientKeyPath, identitiesOnly: true, knownHostsFile: knownHosts,
      agent: false, connectTimeoutSec: 5,
    }, { onUnknownHost: () => Promise.resolve(false) });
  });

  afterAll(async () => {
    if (conn) releaseDocker(conn);
    conn?.close();
    await sshd?.stop();
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
    await rm(dir, { recursive: true, force: true });
  });

  it('carries API calls and maps the answers', async () => {
    expect(await dockerVersion(conn)).toEqual({ version: '99.0', apiVersion: '1.99',
      os: 'linux', arch: 'amd64', kernelVersion: 'k' });
    expect(await dockerInfo(conn)).toMatchObject({ dockerRootDir: '/srv/docker',
      containers: 2, containersRunning: 1 });
  });

  it('reuses kept-alive channels for sequential calls', async () => {
    await dockerInfo(conn);
    const before = connections;
    for (let i = 0; i < 5; i += 1) await dockerInfo(conn);
    expect(connections).toBe(before);
  });

  it('serves 12 concurrent calls over at most 4 channels', async () => {
    const results = await Promise.all(Array.from({ length: 12 }, () => dockerInfo(conn)));
    expect(results.every((r) => r.dockerRootDir === '/srv/docker')).toBe(true);
    expect(conn.channelStats.open).toBeLessThanOrEqual(4);
  });

  it('times out a call the daemon never answers, with a typed error', async () => {
    const call = dockerCall(conn, 'the slow call', { timeoutMs: 300 }, (docker, signal) =>
      new Promise((resolve, reject) => {
        docker.modem.dial({ path: '/slow', method: 'GET', statusCodes: { 200: true },
          abortSignal: signal }, (err, data) => (err ? reject(err) : resolve(data)));
      }));
    await expect(call).rejects.toBeInstanceOf(DockerTimeoutError);
  });

  it('rejects with the caller\'s reason on abort', async () => {
    const controller = new AbortController();
    controller.abort(new Error('left the screen'));
    await expect(dockerInfo(conn, { signal: controller.signal }))
      .rejects.toThrow('left the screen');
  });
});
