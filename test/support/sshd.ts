/**
 * A throwaway OpenSSH sshd for tests: root login by a generated key on 127.0.0.1 and a free
 * high port, everything (keys, config, pid file) in a temp directory removed by stop().
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Options for startSshd. */
export interface SshdOptions {
  /** sshd's MaxSessions; default 10 (sshd's own default). */
  maxSessions?: number;
  /** Environment set for every session (sshd SetEnv). */
  setEnv?: Record<string, string>;
  /** sshd's LogLevel; default ERROR. */
  logLevel?: string;
}

/** A running sshd. */
export interface Sshd {
  port: number;
  dir: string;
  /** The host public key line (`ssh-ed25519 AAAA… comment`). */
  hostKeyPub: string;
  /** Path of the public host key file (for ssh-keygen -lf). */
  hostKeyPubPath: string;
  clientKeyPath: string;
  /** A known_hosts line for this sshd (`[127.0.0.1]:port type key`). */
  knownHostsLine: string;
  /** The last few kB sshd wrote to stderr. */
  logs(): string;
  stop(): Promise<void>;
  /** Restart on the same port with a freshly generated host key. */
  restartWithNewHostKey(): Promise<void>;
}

/** A port the kernel says is free right now. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

async function keygen(file: string): Promise<void> {
  await rm(file, { force: true });
  await rm(`${file}.pub`, { force: true });
  await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'cortex-ops-test', '-f', file]);
}

function config(dir: string, port: number, opts: SshdOptions): string {
  const lines = [
    `Port ${port}`, 'ListenAddress 127.0.0.1', `HostKey ${join(dir, 'host_key')}`,
    `PidFile ${join(dir, 'sshd.pid')}`, `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
    'StrictModes no', 'PasswordAuthentication no', 'KbdInteractiveAuthentication no',
    'UsePAM no', 'PermitRootLogin prohibit-password', `MaxSessions ${opts.maxSessions ?? 10}`,
    `LogLevel ${opts.logLevel ?? 'ERROR'}`,
  ];
  const env = Object.entries(opts.setEnv ?? {});
  if (env.length > 0) lines.push(`SetEnv ${env.map(([k, v]) => `${k}=${v}`).join(' ')}`);
  return `${lines.join('\n')}\n`;
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function waitForPort(port: number, child: ChildProcess, log: () => string): Promise<void> {
  for (let i = 0; i < 200; i += 1) {
    if (child.exitCode !== null) throw new Error(`sshd exited: ${log()}`);
    if (await canConnect(port)) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }

  throw new Error(`sshd did not listen on ${port}: ${log()}`);
}

/** Start sshd; call stop() in afterAll. */
export async function startSshd(opts: SshdOptions = {}): Promise<Sshd> {
  await mkdir('/run/sshd', { recursive: true });
  const dir = await mkdtemp(join(tmpdir(), 'cortex-sshd-'));
  const port = await freePort();
  await keygen(join(dir, 'host_key'));
  await keygen(join(dir, 'client_key'));
  await writeFile(join(dir, 'authorized_keys'), await readFile(join(dir, 'client_key.pub')));
  await writeFile(join(dir, 'sshd_config'), config(dir, port, opts));

  let child: ChildProcess | undefined;
  let stderr = '';
  const launch = async (): Promise<void> => {
    stderr = '';
    const proc = spawn('/usr/sbin/sshd', ['-D', '-e', '-f', join(dir, 'sshd_config')], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    proc.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-65536);
    });
    child = proc;
    await waitForPort(port, proc, () => stderr);
  };
  const halt = async (): Promise<void> => {
    const proc = child;
    child = undefined;
    if (!proc || proc.exitCode !== null) return;
    const exited = new Promise((resolve) => proc.once('exit', resolve));
    proc.kill('SIGTERM');
    await exited;
  };

  const sshd: Sshd = {
    port, dir, hostKeyPub: '', knownHostsLine: '',
    hostKeyPubPath: join(dir, 'host_key.pub'),
    clientKeyPath: join(dir, 'client_key'),
    logs: () => stderr,
    stop: async () => {
      await halt();
      await rm(dir, { recursive: true, force: true });
    },
    restartWithNewHostKey: async () => {
      await halt();
      await keygen(join(dir, 'host_key'));
      await readHostKey();
      await launch();
    },
  };
  const readHostKey = async (): Promise<void> => {
    sshd.hostKeyPub = (await readFile(sshd.hostKeyPubPath, 'utf8')).trim();
    const [type, key] = sshd.hostKeyPub.split(' ');
    sshd.knownHostsLine = `[127.0.0.1]:${port} ${type} ${key}`;
  };

  await readHostKey();
  try {
    await launch();
  } catch (err) {
    await sshd.stop();
    throw err;
  }

  return sshd;
}

/** `ssh-keygen -lf FILE`'s fingerprint field. */
export async function keygenFingerprint(file: string): Promise<string> {
  const { stdout } = await run('ssh-keygen', ['-lf', file]);
  const field = stdout.split(' ')[1];
  if (!field) throw new Error(`unexpected ssh-keygen output: ${stdout}`);
  return field;
}
