/**
 * Opening one verified ssh2 Client: credentials, the known_hosts check, a connect timeout
 * that does not run while the user is asked about a new host key, and typed failures.
 */
import { access, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Client, type ConnectConfig } from 'ssh2';
import {
  appendKnownHost, fingerprintSha256, keyTypeOfBlob, readKnownHosts, verifyHostKey,
} from './known-hosts.js';
import type { SshTarget } from './ssh-config.js';
import {
  HostKeyChangedError, HostKeyRevokedError, HostKeyUnknownError, SshAuthError, SshError,
  SshUnreachableError, type UnreachableReason,
} from './errors.js';

/** A host key seen for the first time. */
export interface UnknownHostInfo {
  host: string;
  port: number;
  fingerprint: string;
  keyType: string;
}

/** Decides about a host key not yet in known_hosts: true accepts and records it. */
export type UnknownHostHandler = (info: UnknownHostInfo) => Promise<boolean>;

/** How to open a client; see SshConnectionOptions for the defaults. */
export interface ConnectOptions {
  onUnknownHost: UnknownHostHandler;
  keepaliveIntervalMs: number;
  keepaliveCountMax: number;
  signal?: AbortSignal;
  /** Home directory searched for default keys when neither key nor agent is set. */
  home?: string;
}

const DEFAULT_KEYS = ['id_ed25519', 'id_ecdsa', 'id_rsa'];

interface Credentials {
  config: Pick<ConnectConfig, 'privateKey' | 'agent'>;
  methods: string[];
}

async function credentials(target: SshTarget, home: string): Promise<Credentials> {
  const methods: string[] = [];
  const config: Credentials['config'] = {};
  let keyFile = target.identityFile;
  if (keyFile === undefined && !target.agent) keyFile = await firstExisting(home);

  if (keyFile !== undefined) {
    try {
      config.privateKey = await readFile(keyFile);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? 'unreadable';
      throw new SshAuthError(target.user, target.hostname, target.port, [],
        `cannot read key file ${keyFile}: ${code}`);
    }
    methods.push(`publickey ${keyFile}`);
  }

  if (target.agent && target.agentSocket) {
    config.agent = target.agentSocket;
    methods.push('agent');
  }

  return { config, methods };
}

async function firstExisting(home: string): Promise<string | undefined> {
  for (const name of DEFAULT_KEYS) {
    const file = join(home, '.ssh', name);
    try {
      await access(file);
      return file;
    } catch {
      // not there: try the next default name
    }
  }

  return undefined;
}

/** Classify a socket or handshake error into a typed one. */
export function classifyConnectError(
  err: Error & { code?: unknown; level?: string }, target: SshTarget, methods: string[],
): SshError {
  const { hostname, port, user } = target;
  if (err.level === 'client-authentication') {
    return new SshAuthError(user, hostname, port, methods);
  }

  const reasons: Record<string, UnreachableReason> = {
    ENOTFOUND: 'dns', EAI_AGAIN: 'dns', ECONNREFUSED: 'refused', ETIMEDOUT: 'timeout',
    EHOSTUNREACH: 'network', ENETUNREACH: 'network', ECONNRESET: 'closed', EPIPE: 'closed',
  };
  const code = typeof err.code === 'string' ? err.code : '';
  const reason = reasons[code] ?? (err.level === 'client-timeout' ? 'timeout' : 'closed');
  return new SshUnreachableError(hostname, port, reason, code || err.message);
}

/**
 * Connect and authenticate. Resolves to a ready Client or rejects with an SshError
 * (or the signal's reason when aborted).
 */
export async function openClient(target: SshTarget, opts: ConnectOptions): Promise<Client> {
  opts.signal?.throwIfAborted();
  const { config, methods } = await credentials(target, opts.home ?? process.env.HOME ?? '/');
  if (methods.length === 0) {
    throw new SshAuthError(target.user, target.hostname, target.port, [],
      'no key file and no agent (set ssh.identityFile or SSH_AUTH_SOCK)');
  }

  return new Promise((resolve, reject) => {
    const client = new Client();
    const attempt = new Attempt(client, target, opts, methods, reject);
    client.once('ready', () => attempt.finish(() => resolve(client)));
    client.on('error', (err) => attempt.fail(err));
    client.once('close', () => attempt.fail(new Error('connection closed')));

    try {
      client.connect({
        host: target.hostname, port: target.port, username: target.user, ...config,
        readyTimeout: 0, tryKeyboard: false,
        keepaliveInterval: opts.keepaliveIntervalMs, keepaliveCountMax: opts.keepaliveCountMax,
        hostVerifier: (key: Buffer, verify: (ok: boolean) => void) => {
          attempt.verify(key).then(verify, () => verify(false));
        },
      });
    } catch (err) {
      const detail = err instanceof Error ? err.message : String(err);
      attempt.fail(new SshAuthError(target.user, target.hostname, target.port, methods,
        `key file unusable: ${detail}`));
    }
  });
}

/** The state of one connection attempt: its timer, its verdict, its single outcome. */
class Attempt {
  private done = false;
  private timer?: NodeJS.Timeout;
  private hostKeyError?: SshError;
  private readonly onAbort = (): void => this.fail(this.opts.signal?.reason);

  constructor(
    private readonly client: Client, private readonly target: SshTarget,
    private readonly opts: ConnectOptions, private readonly methods: string[],
    private readonly reject: (err: unknown) => void,
  ) {
    this.startTimer();
    opts.signal?.addEventListener('abort', this.onAbort, { once: true });
  }

  /** Check the presented key; only the user's decision runs without the timer. */
  async verify(key: Buffer): Promise<boolean> {
    const { hostname, port, knownHostsFile } = this.target;
    const verdict = verifyHostKey(await readKnownHosts(knownHostsFile), hostname, port, key);
    if (verdict.kind === 'match') return true;
    if (verdict.kind === 'changed') {
      this.hostKeyError = new HostKeyChangedError(hostname, port, verdict.expected,
        verdict.got, knownHostsFile);
      return false;
    }

    if (verdict.kind === 'revoked') {
      this.hostKeyError = new HostKeyRevokedError(hostname, port, verdict.fingerprint);
      return false;
    }

    return this.askAboutNewKey(key);
  }

  private async askAboutNewKey(key: Buffer): Promise<boolean> {
    const { hostname, port, knownHostsFile } = this.target;
    const keyType = keyTypeOfBlob(key);
    const fingerprint = fingerprintSha256(key);
    clearTimeout(this.timer);
    const accepted = await this.opts.onUnknownHost({ host: hostname, port, fingerprint, keyType })
      .catch(() => false);
    if (this.done) return false;

    this.startTimer();
    if (!accepted) {
      this.hostKeyError = new HostKeyUnknownError(hostname, port, fingerprint);
      return false;
    }

    await appendKnownHost(knownHostsFile, hostname, port, keyType, key);
    return true;
  }

  finish(onSuccess: () => void): void {
    if (this.done) return;
    this.cleanup();
    onSuccess();
  }

  fail(err: unknown): void {
    if (this.done) return;
    this.cleanup();
    this.client.end();
    if (this.hostKeyError) return this.reject(this.hostKeyError);
    if (err instanceof SshError || !(err instanceof Error)) return this.reject(err);
    if (this.opts.signal?.aborted) return this.reject(this.opts.signal.reason);
    this.reject(classifyConnectError(err, this.target, this.methods));
  }

  private startTimer(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      const err = Object.assign(new Error('handshake timed out'), { code: 'ETIMEDOUT' });
      this.fail(err);
    }, this.target.connectTimeoutSec * 1000);
  }

  private cleanup(): void {
    this.done = true;
    clearTimeout(this.timer);
    this.opts.signal?.removeEventListener('abort', this.onAbort);
    this.client.removeAllListeners('error');
    this.client.on('error', () => undefined);
  }
}
