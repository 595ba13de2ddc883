/**
 * Running one command on an open exec channel: output kept within bounds, exit status,
 * and stopping it on abort or timeout.
 */
import type { ClientChannel } from 'ssh2';
import { SshCommandTimeoutError } from './errors.js';

/** Options for one remote command. */
export interface ExecOptions {
  signal?: AbortSignal;
  /** Stop the command after this many milliseconds; default: no limit. */
  timeoutMs?: number;
  onStdout?: (chunk: Buffer) => void;
  onStderr?: (chunk: Buffer) => void;
  /** Written to the command's stdin, which is then closed (it is closed at once if absent). */
  stdin?: string | Buffer;
  /** Bytes of stdout and of stderr kept (the last ones); default 1 MiB each. */
  maxBuffer?: number;
}

/** How a remote command ended. */
export interface ExecResult {
  /** Exit status, or null when killed by a signal. */
  code: number | null;
  /** Signal name without `SIG` when killed by one. */
  signal: string | null;
  stdout: string;
  stderr: string;
  /** True when output beyond maxBuffer was dropped from the front. */
  truncated: boolean;
}

const DEFAULT_MAX_BUFFER = 1024 * 1024;

/** Keeps the last `limit` bytes written to it. */
class TailBuffer {
  private chunks: Buffer[] = [];
  private size = 0;
  dropped = false;

  constructor(private readonly limit: number) {}

  push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.size += chunk.length;
    if (this.size <= this.limit) return;

    const all = Buffer.concat(this.chunks);
    this.chunks = [all.subarray(all.length - this.limit)];
    this.size = this.limit;
    this.dropped = true;
  }

  toString(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}

/**
 * Drive a freshly opened channel to its end. On abort (rejecting with the signal's reason)
 * or timeout (rejecting with SshCommandTimeoutError) it calls `stopRemote`.
 */
export function runChannel(
  channel: ClientChannel, host: string, command: string, opts: ExecOptions,
  stopRemote: () => void,
): Promise<ExecResult> {
  const limit = opts.maxBuffer ?? DEFAULT_MAX_BUFFER;
  const out = new TailBuffer(limit);
  const err = new TailBuffer(limit);
  let code: number | null = null;
  let signal: string | null = null;

  return new Promise((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    const settle = (fn: () => void): void => {
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      fn();
    };
    const stop = (reason: unknown): void => {
      settle(() => reject(reason));
      stopRemote();
    };
    const onAbort = (): void => stop(opts.signal?.reason);

    channel.on('data', (chunk: Buffer) => {
      out.push(chunk);
      opts.onStdout?.(chunk);
    });
    channel.stderr.on('data', (chunk: Buffer) => {
      err.push(chunk);
      opts.onStderr?.(chunk);
    });
    channel.on('exit', (exitCode: number | null, signalName?: string) => {
      code = typeof exitCode === 'number' ? exitCode : null;
      signal = signalName ?? null;
    });
    channel.once('close', () => settle(() => {
      const early = exits.get(channel);
      resolve({
        code: code ?? early?.code ?? null, signal: signal ?? early?.signal ?? null,
        stdout: out.toString(), stderr: err.toString(), truncated: out.dropped || err.dropped,
      });
    }));

    if (opts.timeoutMs !== undefined) {
      const ms = opts.timeoutMs;
      timer = setTimeout(() => stop(new SshCommandTimeoutError(host, command, ms)), ms);
    }

    if (opts.signal?.aborted) return onAbort();
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    channel.end(opts.stdin);
  });
}

const exits = new WeakMap<ClientChannel, { code: number | null; signal: string | null }>();

/**
 * Records a channel's exit status from the moment it opens. A fast command's status can
 * arrive before anyone awaiting the channel has attached a listener, and an event missed
 * then is gone; runChannel reads what was recorded here.
 */
export function recordExit(channel: ClientChannel): ClientChannel {
  channel.on('exit', (exitCode: number | null, signalName?: string) => {
    exits.set(channel, {
      code: typeof exitCode === 'number' ? exitCode : null, signal: signalName ?? null,
    });
  });
  return channel;
}

/** The environment variable that tags every process a command starts. */
export const RUN_TAG_VAR = 'CORTEX_OPS_RUN';

/** The command string for a tagged run: the tag assignment, then the quoted command. */
export function taggedCommand(tag: string, command: string): string {
  if (!/^[A-Za-z0-9]+$/.test(tag)) throw new Error(`bad run tag ${tag}`);
  return `${RUN_TAG_VAR}=${tag} ${command}`;
}

/**
 * The argv that stops every process carrying a run tag: SIGTERM, a second of grace, then
 * SIGKILL. It finds them by their environment because sshd refuses the SSH "signal" request
 * for root logins and closing a channel leaves a process that never writes running; the
 * environment is inherited, so children and grandchildren are found too.
 */
export function killTaggedArgv(tag: string): string[] {
  const script = [
    'found=',
    'for sig in TERM KILL; do',
    '  for f in /proc/[0-9]*/environ; do',
    '    if tr "\\0" "\\n" <"$f" 2>/dev/null | grep -qx "$1"; then',
    '      p=${f#/proc/}; kill -s "$sig" "${p%/environ}" 2>/dev/null && found=1',
    '    fi',
    '  done',
    '  [ -z "$found" ] && break',
    '  [ "$sig" = TERM ] && sleep 1',
    'done; true',
  ].join('\n');
  return ['sh', '-c', script, 'sh', `${RUN_TAG_VAR}=${tag}`];
}
