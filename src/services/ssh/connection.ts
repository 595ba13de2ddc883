/**
 * One long-lived, host-key-verified SSH connection to the Docker host, shared by every
 * command, port forward and Docker API request. It reconnects on demand after a drop
 * (checking the host key again) and caps concurrent sessions below sshd's MaxSessions.
 */
import { randomBytes } from 'node:crypto';
import type { Duplex } from 'node:stream';
import type { Client, ClientChannel } from 'ssh2';
import { quoteArgv } from '../shell-quote.js';
import { openClient, type UnknownHostHandler } from './connect.js';
import {
  killTaggedArgv, recordExit, runChannel, taggedCommand, type ExecOptions, type ExecResult,
} from './exec.js';
import { Semaphore } from './semaphore.js';
import type { SshTarget } from './ssh-config.js';
import { SshForwardError } from './errors.js';

export type { ExecOptions, ExecResult } from './exec.js';
export type { UnknownHostHandler, UnknownHostInfo } from './connect.js';

/** Options of an SshConnection. */
export interface SshConnectionOptions {
  /** Asked about a host key not in known_hosts; resolve true to accept and record it. */
  onUnknownHost: UnknownHostHandler;
  /** Milliseconds between keepalive probes; default 10 000. */
  keepaliveIntervalMs?: number;
  /** Unanswered probes before the connection counts as dropped; default 3. */
  keepaliveCountMax?: number;
  /** Concurrent session channels (exec, dial-stdio); default 8, under sshd's 10. */
  maxChannels?: number;
}

/** A handler for non-interactive runs: rejects new host keys unless told to accept them. */
export function nonInteractiveHostPolicy(acceptNewHostKey: boolean): UnknownHostHandler {
  return () => Promise.resolve(acceptNewHostKey);
}

const OPEN_RETRY_ERRORS = ['No response from server', 'Not connected'];

/** A shared SSH connection; all methods connect first when needed. */
export class SshConnection {
  private client?: Client;
  private connecting?: Promise<Client>;
  private closed = false;
  private dials = 0;
  private readonly sessions: Semaphore;

  constructor(readonly target: SshTarget, private readonly options: SshConnectionOptions) {
    this.sessions = new Semaphore(options.maxChannels ?? 8);
  }

  /** `user@host:port`, for logs and messages. */
  get label(): string {
    return `${this.target.user}@${this.target.hostname}:${this.target.port}`;
  }

  /** Session channels open now, and requests waiting for one. */
  get channelStats(): { open: number; waiting: number } {
    return { open: this.sessions.inUse, waiting: this.sessions.waiting };
  }

  /** How many times a connection was established (more than 1 means it reconnected). */
  get connects(): number {
    return this.dials;
  }

  /** Connect now (otherwise the first call connects). */
  async connect(signal?: AbortSignal): Promise<void> {
    await this.ensureClient(signal);
  }

  /** Run an argument array on the host (quoted for its shell) and wait for it to end. */
  async exec(argv: readonly string[], opts: ExecOptions = {}): Promise<ExecResult> {
    const command = quoteArgv(argv);
    const tag = randomBytes(8).toString('hex');
    const channel = await this.openSession(taggedCommand(tag, command), opts.signal);
    const stop = (): void => this.stopTagged(tag, channel);
    return runChannel(channel, this.target.hostname, command, opts, stop);
  }

  /**
   * Start an argument array on the host and hand back its raw channel (stdin/stdout, with
   * `.stderr`). The session slot is freed when the channel closes.
   */
  async spawn(argv: readonly string[], signal?: AbortSignal): Promise<ClientChannel> {
    return this.openSession(quoteArgv(argv), signal);
  }

  /** A TCP stream to `host:port` as seen from the SSH server (a direct-tcpip channel). */
  async forwardOut(host: string, port: number, signal?: AbortSignal): Promise<Duplex> {
    return this.withRetry(signal, (client) => opening<Duplex>(signal, (done) => {
      client.forwardOut('127.0.0.1', 0, host, port, (err, stream) =>
        done(err && forwardError(err, host, port, this.target), stream && closable(stream)));
    }));
  }

  /** Close the connection; later calls fail. */
  close(): void {
    this.closed = true;
    this.client?.end();
    this.client = undefined;
  }

  /**
   * Kill what a command started, then close its channel. This bypasses the session cap on
   * purpose: the cap leaves two of sshd's ten sessions free, and a stop must not queue
   * behind the very commands it is stopping.
   */
  private stopTagged(tag: string, channel: ClientChannel): void {
    const client = this.client;
    const closeChannel = (): void => {
      channel.close();
    };
    if (!client) return closeChannel();

    execOn(client, quoteArgv(killTaggedArgv(tag))).then((killer) => {
      killer.resume();
      killer.stderr.resume();
      killer.once('close', closeChannel);
      killer.end();
    }, closeChannel);
  }

  private async openSession(command: string, signal?: AbortSignal): Promise<ClientChannel> {
    const release = await this.sessions.acquire(signal);
    try {
      const channel = await this.withRetry(signal, (client) => execOn(client, command, signal));
      channel.once('close', release);
      return channel;
    } catch (err) {
      release();
      throw err;
    }
  }

  /** Run `open` on a live client; if the client turns out to be dead, reconnect once. */
  private async withRetry<T>(
    signal: AbortSignal | undefined, open: (client: Client) => Promise<T>,
  ): Promise<T> {
    const client = await this.ensureClient(signal);
    try {
      return await open(client);
    } catch (err) {
      const message = err instanceof Error ? err.message : '';
      if (!OPEN_RETRY_ERRORS.some((m) => message.includes(m))) throw err;
      if (this.client === client) this.client = undefined;
      return open(await this.ensureClient(signal));
    }
  }

  private async ensureClient(signal?: AbortSignal): Promise<Client> {
    signal?.throwIfAborted();
    if (this.closed) throw new Error(`SSH connection ${this.label} was closed`);
    if (this.client) return this.client;

    this.connecting ??= this.dial().finally(() => {
      this.connecting = undefined;
    });
    return abortable(this.connecting, signal);
  }

  private async dial(): Promise<Client> {
    const client = await openClient(this.target, {
      onUnknownHost: this.options.onUnknownHost,
      keepaliveIntervalMs: this.options.keepaliveIntervalMs ?? 10_000,
      keepaliveCountMax: this.options.keepaliveCountMax ?? 3,
    });
    const forget = (): void => {
      if (this.client === client) this.client = undefined;
    };
    client.on('error', forget);
    client.on('close', forget);
    client.on('end', forget);

    if (this.closed) {
      client.end();
      throw new Error(`SSH connection ${this.label} was closed`);
    }

    this.client = client;
    this.dials += 1;
    return client;
  }
}

function execOn(client: Client, command: string, signal?: AbortSignal): Promise<ClientChannel> {
  return opening<ClientChannel>(signal, (done) => {
    client.exec(command, (err, channel) => done(err, err ? undefined : recordExit(channel)));
  });
}

/**
 * ssh2 reports a forwarded channel closed only once its readable side has ended, and it ends
 * only when read. A stream destroyed with data still buffered (undici dropping a kept-alive
 * connection) would never report close, and whoever waits for that (undici's destroy()) would
 * wait forever. Destroying it now also drains what is left.
 */
function closable(stream: ClientChannel): ClientChannel {
  const destroy = stream.destroy.bind(stream);
  stream.destroy = (): ClientChannel => {
    destroy();
    stream.resume();
    return stream;
  };
  return stream;
}

/**
 * Waits for a channel the server has been asked to open. A server that never answers must
 * not hold the caller: on abort this rejects with the signal's reason, and a channel that
 * opens after that is closed at once.
 */
function opening<T extends { destroy(): unknown }>(signal: AbortSignal | undefined,
  start: (done: (err: Error | undefined, channel: T | undefined) => void) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let late = false;
    const onAbort = (): void => {
      late = true;
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    start((err, channel) => {
      signal?.removeEventListener('abort', onAbort);
      if (late) channel?.destroy();
      else if (err || !channel) reject(err ?? new Error('the server opened no channel'));
      else resolve(channel);
    });
  });
}

function forwardError(err: Error, host: string, port: number, target: SshTarget): Error {
  if (err.message.includes('No response') || err.message.includes('Not connected')) return err;
  return new SshForwardError(target.hostname, host, port, err.message);
}

/** Wait for a shared promise, but let this caller stop waiting on abort. */
function abortable<T>(promise: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return promise;
  return new Promise((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** Options for a pooled connection. */
export type PoolOptions = SshConnectionOptions;

/** One connection per (user, host, port), shared by everything in the process. */
class SshPool {
  private readonly connections = new Map<string, SshConnection>();

  /** The shared connection for a target; the first caller's options stick. */
  get(target: SshTarget, options: PoolOptions): SshConnection {
    const key = `${target.user}@${target.hostname}:${target.port}`;
    let conn = this.connections.get(key);
    if (!conn) {
      conn = new SshConnection(target, options);
      this.connections.set(key, conn);
    }

    return conn;
  }

  /** Close and forget every pooled connection (on exit, or when the config changes). */
  closeAll(): void {
    for (const conn of this.connections.values()) conn.close();
    this.connections.clear();
  }
}

/** The process-wide pool of SSH connections. */
export const sshPool = new SshPool();
