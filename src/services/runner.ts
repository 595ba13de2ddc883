/**
 * The local process runner: starts an argument array (never a shell string), streams its
 * output, and stops it on abort or timeout. Builders elsewhere decide *what* to run.
 */
import { spawn } from 'node:child_process';

/** Options for one local command. */
export interface RunOptions {
  signal?: AbortSignal;
  /** Stop the command after this many milliseconds; default: no limit. */
  timeoutMs?: number;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  onStdout?: (chunk: Buffer) => void;
  onStderr?: (chunk: Buffer) => void;
  /** Bytes of stdout and of stderr kept (the last ones); default 256 KiB. */
  maxBuffer?: number;
}

/** How a local command ended. */
export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** A local command ran past its time limit and was stopped. */
export class RunTimeoutError extends Error {
  override name = 'RunTimeoutError';
  readonly userFacing = true;

  constructor(readonly program: string, readonly timeoutMs: number) {
    super(`${program} did not finish within ${timeoutMs / 1000} s and was stopped; ` +
      'try again or check the connection');
  }
}

/** The program is not installed. */
export class ProgramMissingError extends Error {
  override name = 'ProgramMissingError';
  readonly userFacing = true;

  constructor(readonly program: string) {
    super(`${program} is not installed on this machine; install it and try again`);
  }
}

function keepTail(buf: string, add: string, limit: number): string {
  const next = buf + add;
  return next.length > limit ? next.slice(next.length - limit) : next;
}

/** Runs `argv[0]` with the rest as arguments; resolves with its exit, rejects on abort. */
export function runLocal(argv: readonly string[], opts: RunOptions = {}): Promise<RunResult> {
  const [program, ...args] = argv;
  if (!program) throw new Error('runLocal needs a program');
  opts.signal?.throwIfAborted();
  const limit = opts.maxBuffer ?? 256 * 1024;

  return new Promise((resolve, reject) => {
    const child = spawn(program, args, {
      cwd: opts.cwd, env: opts.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let failure: unknown;
    let timer: NodeJS.Timeout | undefined;
    const stop = (reason: unknown): void => {
      failure ??= reason;
      child.kill('SIGTERM');
      // rsync and ssh exit on TERM; KILL only if one does not.
      setTimeout(() => child.kill('SIGKILL'), 2000).unref();
    };
    const onAbort = (): void => stop(opts.signal?.reason);

    child.stdout.on('data', (chunk: Buffer) => {
      stdout = keepTail(stdout, chunk.toString('utf8'), limit);
      opts.onStdout?.(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = keepTail(stderr, chunk.toString('utf8'), limit);
      opts.onStderr?.(chunk);
    });
    child.once('error', (err: NodeJS.ErrnoException) => {
      failure ??= err.code === 'ENOENT' ? new ProgramMissingError(program) : err;
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      if (failure !== undefined) reject(failure);
      else resolve({ code, signal, stdout, stderr });
    });

    if (opts.timeoutMs !== undefined) {
      const ms = opts.timeoutMs;
      timer = setTimeout(() => stop(new RunTimeoutError(program, ms)), ms);
    }

    opts.signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Splits a stream into lines, treating `\r` as a line end too (progress output). */
export function lineSplitter(onLine: (line: string, sep: '\n' | '\r') => void): {
  push: (chunk: Buffer | string) => void;
  flush: () => void;
} {
  let rest = '';
  return {
    push(chunk) {
      rest += chunk.toString();
      let m: RegExpExecArray | null;
      const re = /[\r\n]/g;
      let start = 0;
      while ((m = re.exec(rest)) !== null) {
        onLine(rest.slice(start, m.index), m[0] as '\n' | '\r');
        start = m.index + 1;
      }

      rest = rest.slice(start);
    },
    flush() {
      if (rest !== '') onLine(rest, '\n');
      rest = '';
    },
  };
}
