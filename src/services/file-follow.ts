/**
 * Following a log file on this machine (the edge stand-in's access log): its last lines, then
 * every line appended, until the signal aborts. Survives the file being truncated or replaced.
 */
import { open, stat } from 'node:fs/promises';
import { sleep } from './sleep.js';

const POLL_MS = 250;
const CHUNK = 64 * 1024;

function missing(err: unknown): boolean {
  return (err as NodeJS.ErrnoException).code === 'ENOENT';
}

/** The size of a file, or undefined while it does not exist yet. */
async function sizeOf(file: string): Promise<number | undefined> {
  try {
    return (await stat(file)).size;
  } catch (err) {
    if (missing(err)) return undefined;
    throw err;
  }
}

/** The last `count` lines of a file (reads at most the last 64 KiB); none if it is absent. */
export async function tailFile(file: string, count: number): Promise<string[]> {
  if ((await sizeOf(file)) === undefined) return [];
  const handle = await open(file, 'r');
  try {
    const { size } = await handle.stat();
    const start = Math.max(0, size - CHUNK);
    const buf = Buffer.alloc(size - start);
    await handle.read(buf, 0, buf.length, start);
    const lines = buf.toString('utf8').split('\n').filter((l) => l !== '');
    // A read that starts mid-file may begin mid-line; drop that partial line.
    if (start > 0) lines.shift();
    return lines.slice(-count);
  } finally {
    await handle.close();
  }
}

/**
 * Calls `onLine` for every line appended after the call, until `signal` aborts. A file that
 * does not exist yet is waited for (the stand-in creates its log on the first request).
 */
export async function followFile(file: string, onLine: (line: string) => void,
  signal: AbortSignal): Promise<void> {
  let offset = (await sizeOf(file)) ?? 0;
  let partial = '';
  while (!signal.aborted) {
    await sleep(POLL_MS, signal);
    if (signal.aborted) return;
    const size = await sizeOf(file);
    if (size === undefined) continue;
    // Truncated or replaced: start again from its beginning.
    if (size < offset) offset = 0;
    if (size === offset) continue;
    const handle = await open(file, 'r');
    try {
      const buf = Buffer.alloc(Math.min(size - offset, CHUNK * 16));
      const { bytesRead } = await handle.read(buf, 0, buf.length, offset);
      offset += bytesRead;
      const lines = (partial + buf.subarray(0, bytesRead).toString('utf8')).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) if (line !== '') onLine(line);
    } finally {
      await handle.close();
    }
  }
}
