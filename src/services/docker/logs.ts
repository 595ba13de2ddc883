/** Container logs over the Docker API, split into lines per stream. */
import type { SshConnection } from '../ssh/connection.js';
import {
  dockerCall, dockerFor, inspectContainer, translateDockerError, type CallOptions,
} from './api.js';
import { LogDemuxer, type LogLine } from './demux.js';
import { DockerTimeoutError } from './errors.js';

export type { LogLine } from './demux.js';

/** Options of containerLogs. */
export interface LogOptions extends CallOptions {
  /** Lines from the end to start with; default 200. */
  tail?: number;
  /** Only lines after this time (a Date, or Unix seconds). */
  since?: Date | number;
  /**
   * Keep streaming new lines until `signal` aborts; the call then resolves. `timeoutMs`
   * covers only the start of the stream.
   */
  follow?: boolean;
  /** Prefix each line with Docker's RFC 3339 timestamp. */
  timestamps?: boolean;
  /** Called with each line as it arrives. */
  onLine?: (line: LogLine) => void;
  /** Lines kept in the result (the last ones); default 5000. */
  maxLines?: number;
}

/**
 * Fetch a container's logs. Without `follow`, resolves to the lines (the last `maxLines`).
 * With `follow`, streams through `onLine` and resolves to the kept lines once `signal`
 * aborts or the container's log ends.
 */
export async function containerLogs(
  conn: SshConnection, name: string, opts: LogOptions = {},
): Promise<LogLine[]> {
  const { tty } = await inspectContainer(conn, name, opts);
  const kept: LogLine[] = [];
  const limit = opts.maxLines ?? 5000;
  const demux = new LogDemuxer(tty);
  const emit = (lines: LogLine[]): void => {
    for (const line of lines) {
      opts.onLine?.(line);
      kept.push(line);
      if (kept.length > limit) kept.shift();
    }
  };
  const query = {
    stdout: true, stderr: true, tail: opts.tail ?? 200, timestamps: opts.timestamps ?? false,
    since: toSeconds(opts.since),
  };

  if (!opts.follow) {
    const body = await dockerCall(conn, `the logs of ${name}`, opts, (docker, signal) =>
      docker.getContainer(name).logs({ ...query, follow: false, abortSignal: signal }));
    emit([...demux.push(body), ...demux.flush()]);
    return kept;
  }

  const follower = new AbortController();
  const stop = (): void => follower.abort();
  opts.signal?.addEventListener('abort', stop, { once: true });
  try {
    const stream = await startFollow(conn, name, { ...query, timeoutMs: opts.timeoutMs },
      follower);
    if (!stream) return kept;
    await drain(stream, follower.signal, (chunk) => emit(demux.push(chunk)));
    emit(demux.flush());
    return kept;
  } finally {
    opts.signal?.removeEventListener('abort', stop);
    follower.abort();
  }
}

type FollowQuery = {
  stdout: boolean; stderr: boolean; tail: number; timestamps: boolean; since?: number;
  timeoutMs?: number;
};

/** Open the follow stream; undefined when stopped before it opened. */
async function startFollow(
  conn: SshConnection, name: string, query: FollowQuery, follower: AbortController,
): Promise<NodeJS.ReadableStream | undefined> {
  const { timeoutMs = 10_000, ...params } = query;
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    follower.abort();
  }, timeoutMs);

  try {
    if (follower.signal.aborted) return undefined;
    return await dockerFor(conn).getContainer(name)
      .logs({ ...params, follow: true, abortSignal: follower.signal });
  } catch (err) {
    const host = conn.target.hostname;
    if (timedOut) throw new DockerTimeoutError(host, `the logs of ${name}`, timeoutMs);
    if (follower.signal.aborted) return undefined;
    throw translateDockerError(err, host);
  } finally {
    clearTimeout(timer);
  }
}

function drain(
  stream: NodeJS.ReadableStream, signal: AbortSignal, onChunk: (chunk: Buffer) => void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const finish = (): void => {
      signal.removeEventListener('abort', finish);
      (stream as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
      resolve();
    };
    stream.on('data', (chunk: Buffer) => onChunk(chunk));
    stream.once('end', finish);
    stream.once('close', finish);
    stream.once('error', (err) => (signal.aborted ? finish() : reject(err)));
    if (signal.aborted) finish();
    else signal.addEventListener('abort', finish, { once: true });
  });
}

function toSeconds(since: Date | number | undefined): number | undefined {
  if (since === undefined) return undefined;
  return since instanceof Date ? Math.floor(since.getTime() / 1000) : since;
}
