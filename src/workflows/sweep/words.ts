/** Small helpers that turn observations into the words the panes show. */
import type { CheckStatus, PaneId } from './types.js';
import type { Facts, Outcome } from './facts.js';

/** What a check concludes. */
export interface Verdict {
  status: CheckStatus;
  words: string;
  latencyMs?: number | null;
}

/** One check of a pane. */
export interface CheckDef {
  id: string;
  pane: PaneId;
  label: string;
  run: (facts: Facts) => Promise<Verdict>;
}

/** `3 h 12 min`, `5 min`, `40 s`: an uptime in words. */
export function durationWords(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 48) return m % 60 ? `${h} h ${m % 60} min` : `${h} h`;
  return `${Math.floor(h / 24)} d`;
}

/** The first line of an error's message. */
export function errorWords(err: Error): string {
  return err.message.split('\n')[0] ?? String(err);
}

/** A failed outcome as a failing verdict. */
export function failed(o: Outcome<unknown> & { ok: false }, prefix = ''): Verdict {
  return { status: 'failing', words: prefix + errorWords(o.error), latencyMs: null };
}

/** `503 from envoy`, `200 from nginx`, `404`: a status with who said it. */
export function statusFrom(status: number, server?: string): string {
  return server ? `${status} from ${server}` : String(status);
}

/** A status class: ok for 2xx/3xx, warning for 4xx, failing for 5xx. */
export function httpStatusClass(status: number): CheckStatus {
  if (status < 400) return 'ok';
  return status < 500 ? 'warning' : 'failing';
}
