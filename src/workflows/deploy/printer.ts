/**
 * Sinks for `cortex-ops deploy` without a terminal UI: readable lines, or one JSON object
 * per event. Sync progress is thinned to one report every few seconds.
 */
import { formatBytes } from '../../services/rsync/parse.js';
import type { DeploySink, StepId } from './types.js';

const PROGRESS_EVERY_MS = 2000;

function elapsed(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** A sink that prints lines (`json` false) or JSON lines (`json` true). */
export function printerSink(out: (line: string) => void, json: boolean,
  now = Date.now): DeploySink {
  const started = new Map<StepId, number>();
  const lastCheck = new Map<string, string>();
  let lastProgress = 0;
  const emit = (event: Record<string, unknown>, text: string): void => {
    out(json ? JSON.stringify({ at: new Date(now()).toISOString(), ...event }) : text);
  };

  return {
    step(id, state, detail) {
      if (state === 'running') started.set(id, now());
      const ms = state === 'running' ? undefined : now() - (started.get(id) ?? now());
      const time = ms === undefined ? '' : ` (${elapsed(ms)})`;
      emit({ event: 'step', step: id, state, detail, ms },
        `[${id}] ${state}${time}${detail ? `: ${detail}` : ''}`);
    },
    line(id, text) {
      emit({ event: 'line', step: id, text }, `  ${id} | ${text}`);
    },
    plan(p) {
      emit({ event: 'plan', releaseId: p.releaseId, target: p.target,
        commit: p.commit ?? null, dirty: p.dirty, added: p.changes.added.length,
        changed: p.changes.changed.length, deleted: p.changes.deleted.length,
        bytes: p.changes.bytes, current: p.currentRelease ?? null, compose: p.composeCheck },
      `  plan | release ${p.releaseId} to ${p.target} (${p.environment}); ` +
        `${p.changes.added.length} new, ${p.changes.changed.length} changed, ` +
        `${p.changes.deleted.length} deleted, ${formatBytes(p.changes.bytes)}; commit ` +
        `${p.commit?.slice(0, 7) ?? 'none'}${p.dirty ? ' (dirty)' : ''}; ` +
        `compose ${p.composeCheck}`);
    },
    sync(p) {
      const t = now();
      if (p.percent !== 100 && t - lastProgress < PROGRESS_EVERY_MS) return;
      lastProgress = t;
      const files = p.total !== undefined ? ` files ${p.total - (p.toCheck ?? 0)}/${p.total}` : '';
      emit({ event: 'sync', ...p }, `  sync | ${formatBytes(p.bytes)} ${p.percent}% ${p.rate} ` +
        `eta ${p.eta}${files}`);
    },
    build() {
      // Build lines already stream under the step; per-service counters are for the tab.
    },
    verify(c) {
      // Verify polls every second; print a check only when it changes.
      const key = `${c.ok} ${c.detail}`;
      if (lastCheck.get(c.name) === key) return;
      lastCheck.set(c.name, key);
      const word = c.ok ? 'ok' : c.warning ? 'warning' : 'waiting';
      emit({ event: 'verify', ...c }, `  verify | ${word} ${c.name}: ${c.detail}`);
    },
  };
}
