/**
 * Follows the gateway's and the backend's container logs (and the edge stand-in's access log
 * where the target has one) into a LogBuffer until the signal aborts. A follower that fails
 * reports why and tries again a little later; it never stops the others.
 */
import type { Config } from '../../config/schema.js';
import type { LogBuffer } from '../../state/logs.js';
import type { Redactor } from '../../services/redact.js';
import type { Target } from './target-types.js';
import { sleep } from '../../services/sleep.js';

/** Seconds before a failed follower tries again. */
const RETRY_MS = 3000;
const TAIL = 50;

/** The sources followed: display name -> container (or log) name. */
export function logSources(config: Config, target: Target): [string, string][] {
  return [
    ['gateway', config.gateway.container],
    ['backend', config.backend.container],
    ...target.extraLogs().map((name): [string, string] => ['edge', name]),
  ];
}

async function followOne(target: Target, source: string, name: string, buffer: LogBuffer,
  signal: AbortSignal, redact: (s: string) => string): Promise<void> {
  const push = (line: string): void => buffer.push(source, redact(line));
  let first = true;
  while (!signal.aborted) {
    try {
      if (first) {
        for (const line of await target.recentLogs(name, TAIL, { signal, timeoutMs: 10_000 })) {
          push(line);
        }
      }

      first = false;
      buffer.store.getState().setProblem(source, undefined);
      await target.followLogs(name, push, signal);
      if (!signal.aborted) await sleep(RETRY_MS, signal);
    } catch (err) {
      if (signal.aborted) return;
      buffer.store.getState().setProblem(source, (err as Error).message.split('\n')[0]!);
      await sleep(RETRY_MS, signal);
    }
  }
}

/** Follows every source until `signal` aborts. */
export async function followAll(config: Config, target: Target, buffer: LogBuffer,
  signal: AbortSignal, redactor?: Redactor): Promise<void> {
  const redact = redactor ? (s: string) => redactor.redact(s) : (s: string) => s;
  await Promise.all(logSources(config, target).map(([source, name]) =>
    followOne(target, source, name, buffer, signal, redact)));
}
