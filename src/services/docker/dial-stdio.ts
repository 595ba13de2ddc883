/**
 * An http.Agent whose sockets are `docker system dial-stdio` processes on the Docker host,
 * each on an exec channel of the shared, verified SSH connection. dial-stdio connects to
 * whatever daemon the SSH session's DOCKER_HOST names (or the default socket), so the API
 * reaches exactly the daemon the docker CLI on the host would.
 */
import { Agent, type ClientRequestArgs } from 'node:http';
import { Duplex } from 'node:stream';
import type { ClientChannel } from 'ssh2';
import type { SshConnection } from '../ssh/connection.js';
import { SshError } from '../ssh/errors.js';
import { DockerUnreachableError } from './errors.js';

/** The command every socket runs on the host. */
export const DIAL_STDIO_ARGV = ['docker', 'system', 'dial-stdio'];

const STDERR_LIMIT = 4096;

type PendingWrite = { chunk: Buffer; callback: (err?: Error | null) => void };

/**
 * A Duplex that exists at once (http.Agent needs a socket synchronously) and buffers
 * writes until the SSH channel behind it has opened.
 */
export class DialStdioSocket extends Duplex {
  private channel?: ClientChannel;
  private pending: PendingWrite[] = [];
  private endPending = false;
  private stderr = '';
  private exitCode: number | null = null;
  private received = false;
  private idleMs = 0;
  private idleTimer?: NodeJS.Timeout;

  constructor(private readonly conn: SshConnection) {
    super();
    conn.spawn(DIAL_STDIO_ARGV).then((ch) => this.attach(ch), (err: unknown) => {
      this.destroy(err instanceof SshError ? err : asError(err));
    });
  }

  private attach(channel: ClientChannel): void {
    if (this.destroyed) {
      channel.close();
      return;
    }

    this.channel = channel;
    channel.on('data', (chunk: Buffer) => {
      this.received = true;
      this.touch();
      if (!this.push(chunk)) channel.pause();
    });
    channel.stderr.on('data', (chunk: Buffer) => {
      this.stderr = (this.stderr + chunk.toString()).slice(-STDERR_LIMIT);
    });
    channel.on('exit', (code: number | null) => {
      this.exitCode = code;
    });
    channel.once('close', () => this.onChannelClose());

    for (const { chunk, callback } of this.pending) channel.write(chunk, callback);
    this.pending = [];
    if (this.endPending) channel.end();
  }

  private onChannelClose(): void {
    const failed = this.exitCode !== 0 && this.exitCode !== null;
    if (!this.received && (failed || this.stderr.trim() !== '')) {
      const host = this.conn.target.hostname;
      this.destroy(DockerUnreachableError.fromDialStdio(host, this.stderr, this.exitCode));
      return;
    }

    this.push(null);
  }

  override _read(): void {
    this.channel?.resume();
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, callback: (e?: Error | null) => void) {
    this.touch();
    if (this.channel) this.channel.write(chunk, callback);
    else this.pending.push({ chunk, callback });
  }

  override _final(callback: (err?: Error | null) => void): void {
    if (this.channel) this.channel.end();
    else this.endPending = true;
    callback();
  }

  override _destroy(err: Error | null, callback: (err?: Error | null) => void): void {
    clearTimeout(this.idleTimer);
    this.channel?.close();
    for (const { callback: cb } of this.pending) cb(err ?? new Error('socket destroyed'));
    this.pending = [];
    callback(err);
  }

  /** net.Socket's idle timeout, which http.Agent uses to retire idle kept-alive sockets. */
  setTimeout(ms: number, callback?: () => void): this {
    this.idleMs = ms;
    // As net.Socket does: a zero timeout withdraws the callback, so http's request timeouts
    // on a reused socket do not pile up listeners.
    if (callback && ms === 0) this.removeListener('timeout', callback);
    else if (callback) this.once('timeout', callback);
    this.touch();
    return this;
  }

  private touch(): void {
    clearTimeout(this.idleTimer);
    if (this.idleMs <= 0 || this.destroyed) return;
    this.idleTimer = setTimeout(() => this.emit('timeout'), this.idleMs);
    this.idleTimer.unref();
  }

  /** No TCP underneath: these net.Socket methods have nothing to do. */
  setKeepAlive(): this {
    return this;
  }

  setNoDelay(): this {
    return this;
  }

  ref(): this {
    return this;
  }

  unref(): this {
    return this;
  }
}

function asError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err));
}

/** Options of the dial-stdio agent. */
export interface DialStdioAgentOptions {
  /** Concurrent API connections (each holds one SSH session); default 4. */
  maxSockets?: number;
  /** Idle kept-alive connections retained; default 2. */
  maxFreeSockets?: number;
  /** An idle kept-alive connection is closed after this many ms; default 30 000. */
  idleTimeoutMs?: number;
}

/** An http.Agent that keeps dial-stdio channels alive between Docker API requests. */
export class DialStdioAgent extends Agent {
  constructor(private readonly conn: SshConnection, opts: DialStdioAgentOptions = {}) {
    super({
      keepAlive: true,
      maxSockets: opts.maxSockets ?? 4,
      maxFreeSockets: opts.maxFreeSockets ?? 2,
      timeout: opts.idleTimeoutMs ?? 30_000,
    });
  }

  override createConnection(_options: ClientRequestArgs): Duplex {
    return new DialStdioSocket(this.conn);
  }
}
