import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { createServer, request, type Server } from 'node:http';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SshConnection } from '../../src/services/ssh/connection.js';
import {
  HostKeyChangedError, HostKeyUnknownError, SshCommandTimeoutError, SshForwardError,
  SshUnreachableError,
} from '../../src/services/ssh/errors.js';
import { buildSshArgs } from '../../src/services/ssh/ssh-args.js';
import type { SshTarget } from '../../src/services/ssh/ssh-config.js';
import { freePort, keygenFingerprint, startSshd, type Sshd } from '../support/sshd.js';

const run = promisify(execFile);
const reject = (): Promise<boolean> => Promise.reject(new Error('must not be asked'));

function targetFor(sshd: Sshd, knownHostsFile: string): SshTarget {
  return {
    host: '127.0.0.1', hostname: '127.0.0.1', port: sshd.port, user: 'root',
    identityFile: sshd.clientKeyPath, identitiesOnly: true, knownHostsFile,
    agent: false, connectTimeoutSec: 5,
  };
}

/** Poll a condition a bounded number of times (no timing is asserted). */
async function eventually(check: () => Promise<boolean>): Promise<boolean> {
  for (let i = 0; i < 100; i += 1) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }

  return false;
}

async function remoteRunning(conn: SshConnection, pattern: string): Promise<boolean> {
  const result = await conn.exec(['pgrep', '-f', pattern]);
  return result.code === 0;
}

describe('SshConnection against a real sshd', () => {
  let sshd: Sshd;
  let conn: SshConnection;
  let knownHosts: string;

  beforeAll(async () => {
    sshd = await startSshd({ maxSessions: 10 });
    knownHosts = join(sshd.dir, 'known_hosts');
    await writeFile(knownHosts, `${sshd.knownHostsLine}\n`);
    conn = new SshConnection(targetFor(sshd, knownHosts), { onUnknownHost: reject });
  });

  afterAll(async () => {
    conn?.close();
    await sshd?.stop();
  });

  it('returns stdout, stderr and the exit code', async () => {
    const result = await conn.exec(['sh', '-c', 'echo out; echo err >&2; exit 3']);
    expect(result).toEqual({ code: 3, signal: null, stdout: 'out\n', stderr: 'err\n',
      truncated: false });
  });

  it('passes every argument through the remote shell unchanged', async () => {
    const args = ['', `it's`, '$HOME', '`id`', 'a\nb', 'naïve ☃', '*', ';', '\\'];
    const result = await conn.exec(['printf', '%s\\0', ...args]);
    expect(result.stdout.split('\0').slice(0, -1)).toEqual(args);
  });

  it('feeds stdin and streams output to callbacks', async () => {
    const chunks: string[] = [];
    const result = await conn.exec(['tr', 'a-z', 'A-Z'], {
      stdin: 'hello', onStdout: (c) => chunks.push(c.toString()),
    });
    expect(result.stdout).toBe('HELLO');
    expect(chunks.join('')).toBe('HELLO');
  });

  it('keeps only the tail of a large output', async () => {
    const result = await conn.exec(['seq', '1', '100000'], { maxBuffer: 1000 });
    expect(result.truncated).toBe(true);
    expect(result.stdout.length).toBe(1000);
    expect(result.stdout.endsWith('99999\n100000\n')).toBe(true);
  });

  it('runs 20 concurrent commands under MaxSessions 10', async () => {
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) =>
      conn.exec(['sh', '-c', `sleep 0.2; echo ${i}`])));
    expect(results.map((r) => r.stdout)).toEqual(Array.from({ length: 20 }, (_, i) => `${i}\n`));
    expect(conn.channelStats).toEqual({ open: 0, waiting: 0 });
  });

  it('would exceed MaxSessions without the cap (the cap is what makes it work)', async () => {
    const uncapped = new SshConnection(conn.target, { onUnknownHost: reject, maxChannels: 20 });
    try {
      const results = await Promise.allSettled(Array.from({ length: 20 }, () =>
        uncapped.exec(['sleep', '0.5'])));
      expect(results.some((r) => r.status === 'rejected')).toBe(true);
    } finally {
      uncapped.close();
    }
  });

  it('stops the remote process on abort', async () => {
    const controller = new AbortController();
    const pending = conn.exec(['sleep', '4241'], { signal: controller.signal });
    expect(await eventually(() => remoteRunning(conn, '^sleep 4241$'))).toBe(true);

    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    expect(await eventually(async () => !(await remoteRunning(conn, '^sleep 4241$'))))
      .toBe(true);
  });

  it('stops the remote process on timeout with a typed error', async () => {
    const pending = conn.exec(['sleep', '4242'], { timeoutMs: 300 });
    await expect(pending).rejects.toBeInstanceOf(SshCommandTimeoutError);
    expect(await eventually(async () => !(await remoteRunning(conn, '^sleep 4242$'))))
      .toBe(true);
  });

  it('reaches a loopback HTTP server through forwardOut', async () => {
    const server: Server = createServer((req, res) => res.end(`seen ${req.url}`));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    try {
      const stream = await conn.forwardOut('127.0.0.1', port);
      const body = await new Promise<string>((resolve, fail) => {
        const req = request({ path: '/probe', createConnection: () => stream as never }, (res) => {
          let text = '';
          res.on('data', (c: Buffer) => (text += c.toString()));
          res.on('end', () => resolve(text));
        });
        req.on('error', fail);
        req.end();
      });
      expect(body).toBe('seen /probe');
    } finally {
      server.close();
    }
  });

  it('a forward destroyed with unread data still reports close (undici waits for it)',
    async () => {
      const server = createNetServer((socket) => socket.end('x'.repeat(256 * 1024)));
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const { port } = server.address() as AddressInfo;
      try {
        const stream = await conn.forwardOut('127.0.0.1', port);
        // Nobody reads: the data and the end of it wait in the stream's buffer, as they do
        // when undici drops a kept-alive connection.
        await new Promise((r) => setTimeout(r, 300));
        const closed = new Promise<string>((resolve) => stream.once('close', () =>
          resolve('closed')));
        stream.destroy();
        const timeout = new Promise<string>((resolve) => setTimeout(() =>
          resolve('no close within 5 s'), 5000).unref());
        expect(await Promise.race([closed, timeout])).toBe('closed');
      } finally {
        server.close();
      }
    });

  it('says which destination a refused forward was for', async () => {
    const port = await freePort();
    const error = await conn.forwardOut('127.0.0.1', port).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(SshForwardError);
    expect((error as Error).message).toContain(`127.0.0.1:${port}`);
  });

  it('stops waiting for a channel a frozen server never opens, and stays usable', async () => {
    // The sshd process serving this connection is the parent of the commands it runs.
    const pid = Number((await conn.exec(['sh', '-c', 'echo $PPID'])).stdout.trim());
    process.kill(pid, 'SIGSTOP');
    try {
      const started = Date.now();
      const forward = await conn.forwardOut('127.0.0.1', sshd.port, AbortSignal.timeout(400))
        .catch((err: unknown) => err);
      expect((forward as Error).name).toBe('TimeoutError');
      const exec = await conn.exec(['true'], { signal: AbortSignal.timeout(400) })
        .catch((err: unknown) => err);
      expect((exec as Error).name).toBe('TimeoutError');
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      process.kill(pid, 'SIGCONT');
    }
    expect((await conn.exec(['echo', 'thawed'])).stdout).toBe('thawed\n');
  });

  it('reconnects on demand after the connection drops', async () => {
    await conn.exec(['true']);
    const before = conn.connects;
    await conn.exec(['sh', '-c', 'kill -9 $PPID']).catch(() => undefined);
    const result = await conn.exec(['echo', 'back']);
    expect(result.stdout).toBe('back\n');
    expect(conn.connects).toBe(before + 1);
  });

  it('shares known_hosts with the OpenSSH client through buildSshArgs', async () => {
    const argv = [...buildSshArgs(conn.target), 'echo', 'from openssh'];
    const { stdout } = await run('ssh', argv);
    expect(stdout).toBe('from openssh\n');
  });
});

describe('host key checks', () => {
  let sshd: Sshd;

  beforeAll(async () => {
    sshd = await startSshd();
  });

  afterAll(async () => {
    await sshd?.stop();
  });

  it('asks about an unknown host and refuses when told no', async () => {
    const knownHosts = join(sshd.dir, 'kh_reject');
    const asked: unknown[] = [];
    const conn = new SshConnection(targetFor(sshd, knownHosts), {
      onUnknownHost: (info) => {
        asked.push(info);
        return Promise.resolve(false);
      },
    });

    const fingerprint = await keygenFingerprint(sshd.hostKeyPubPath);
    await expect(conn.exec(['true'])).rejects.toBeInstanceOf(HostKeyUnknownError);
    expect(asked).toEqual([{ host: '127.0.0.1', port: sshd.port, fingerprint,
      keyType: 'ssh-ed25519' }]);
    await expect(readFile(knownHosts)).rejects.toMatchObject({ code: 'ENOENT' });
    conn.close();
  });

  it('records an accepted key so the next connection matches, for ssh too', async () => {
    const knownHosts = join(sshd.dir, 'kh_accept');
    const first = new SshConnection(targetFor(sshd, knownHosts), {
      onUnknownHost: () => Promise.resolve(true),
    });
    expect((await first.exec(['echo', 'ok'])).stdout).toBe('ok\n');
    first.close();
    expect(await readFile(knownHosts, 'utf8')).toBe(`${sshd.knownHostsLine}\n`);

    const second = new SshConnection(targetFor(sshd, knownHosts), { onUnknownHost: reject });
    expect((await second.exec(['echo', 'again'])).stdout).toBe('again\n');
    second.close();

    const { stdout } = await run('ssh', [...buildSshArgs(second.target), 'echo', 'cli']);
    expect(stdout).toBe('cli\n');
  });

  it('refuses a changed host key on reconnect and leaves known_hosts byte-identical',
    async () => {
      const knownHosts = join(sshd.dir, 'kh_changed');
      await writeFile(knownHosts, `# mine\n${sshd.knownHostsLine}\n`);
      const before = await readFile(knownHosts);
      const oldPrint = await keygenFingerprint(sshd.hostKeyPubPath);
      const conn = new SshConnection(targetFor(sshd, knownHosts), { onUnknownHost: reject });
      expect((await conn.exec(['echo', 'trusted'])).stdout).toBe('trusted\n');

      await sshd.restartWithNewHostKey();
      const newPrint = await keygenFingerprint(sshd.hostKeyPubPath);
      await conn.exec(['sh', '-c', 'kill -9 $PPID']).catch(() => undefined);
      const error = await conn.exec(['true']).catch((err: unknown) => err);
      conn.close();

      expect(error).toBeInstanceOf(HostKeyChangedError);
      expect(error).toMatchObject({ expected: [oldPrint], got: newPrint, port: sshd.port });
      expect((error as Error).message).toContain(newPrint);
      expect((error as Error).message).not.toContain('\n');
      expect((await readFile(knownHosts)).equals(before)).toBe(true);
    });
});

describe('unreachable hosts', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cortex-unreach-'));
    await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'key')]);
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('names host and port when nothing listens', async () => {
    const port = await freePort();
    const conn = new SshConnection({
      host: '127.0.0.1', hostname: '127.0.0.1', port, user: 'root',
      identityFile: join(dir, 'key'), identitiesOnly: true, knownHostsFile: join(dir, 'kh'),
      agent: false, connectTimeoutSec: 5,
    }, { onUnknownHost: reject });
    const error = await conn.exec(['true']).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(SshUnreachableError);
    expect(error).toMatchObject({ reason: 'refused', port });
    expect((error as Error).message).toContain(`127.0.0.1:${port}`);
  });
});
