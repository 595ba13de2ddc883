import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoStack, type DemoStack } from '../../src/demo/stack.js';
import { openTarget } from '../../src/workflows/target.js';
import { Poller } from '../../src/workflows/sweep/poller.js';
import { createDashboardStore, HISTORY_MAX, isStale } from '../../src/state/dashboard.js';
import type { Target } from '../../src/workflows/sweep/target-types.js';
import type { CheckResult } from '../../src/workflows/sweep/types.js';
import { ALL_CHECKS } from '../../src/workflows/sweep/run.js';
import { CHECK_CATALOGUE } from '../../src/workflows/sweep/catalogue.js';

let demo: DemoStack;
let target: Target;

beforeAll(async () => {
  demo = await startDemoStack();
  target = await openTarget(demo.config, { demo },
    { kind: 'non-interactive', acceptNewHostKey: false });
});

afterAll(async () => {
  await target.close();
  await demo.stop();
});

/** A target that counts how many sweeps are inside it at once. */
function counting(inner: Target): { target: Target; max: () => number } {
  let inside = 0;
  let max = 0;
  return {
    max: () => max,
    target: {
      ...inner,
      container: async (name, call) => {
        inside += 1;
        max = Math.max(max, inside);
        try {
          await new Promise((r) => setTimeout(r, 30));
          return await inner.container(name, call);
        } finally {
          inside -= 1;
        }
      },
    },
  };
}

describe('the poller', () => {
  it('fills the store, never overlaps sweeps, and stops', async () => {
    const store = createDashboardStore();
    const config = { ...demo.config, dashboard: { refreshSeconds: 0.5, probeTimeout: 2 } };
    const c = counting(target);
    let sweeps = 0;
    let resolveThree!: () => void;
    const three = new Promise<void>((r) => {
      resolveThree = r;
    });
    const poller = new Poller({ config, target: c.target, store, onSweep: () => {
      sweeps += 1;
      if (sweeps === 3) resolveThree();
    } });
    poller.start();
    poller.refreshNow();
    poller.refreshNow();
    await three;
    await poller.stop();
    const after = sweeps;
    expect(c.max()).toBeLessThanOrEqual(2);
    const s = store.getState();
    expect(s.path?.status).toBe('ok');
    expect(s.panes.gateway.checks.every((x) => x.status === 'ok')).toBe(true);
    expect(s.panes.edge.refreshedAt).not.toBeNull();
    expect(s.history['gateway.root']!.length).toBeGreaterThanOrEqual(3);
    expect(s.sweeping).toBe(false);
    await new Promise((r) => setTimeout(r, 700));
    expect(sweeps).toBe(after);
  });

  it('stops when the session signal aborts', async () => {
    const store = createDashboardStore();
    const ac = new AbortController();
    let sweeps = 0;
    const poller = new Poller({ config: demo.config, target, store, signal: ac.signal,
      onSweep: () => void (sweeps += 1) });
    poller.start();
    ac.abort();
    await poller.stop();
    poller.start();
    await new Promise((r) => setTimeout(r, 300));
    expect(sweeps).toBe(0);
  });
});

describe('the dashboard store', () => {
  const result = (latencyMs: number | null, checkedAt = 1000): CheckResult => ({
    id: 'edge.ready', pane: 'edge', label: 'admin ready', status: 'ok', words: 'LIVE',
    latencyMs, checkedAt,
  });

  it('keeps a bounded latency history and the pane refresh time', () => {
    const store = createDashboardStore();
    for (let i = 0; i < HISTORY_MAX + 10; i++) store.getState().publishCheck(result(i, 1000 + i));
    store.getState().publishCheck(result(null, 5000));
    const s = store.getState();
    expect(s.history['edge.ready']).toHaveLength(HISTORY_MAX);
    expect(s.history['edge.ready']![0]).toBe(10);
    expect(s.panes.edge.refreshedAt).toBe(5000);
    expect(s.panes.edge.checks.find((c) => c.id === 'edge.ready')?.words).toBe('LIVE');
    expect(s.panes.gateway.refreshedAt).toBeNull();
  });

  it('lays out panes from a catalogue that matches the checks', () => {
    expect(ALL_CHECKS.map(({ id, pane, label }) => ({ id, pane, label })))
      .toEqual(CHECK_CATALOGUE);
  });

  it('marks data older than two intervals stale', () => {
    expect(isStale(null, 10_000, 2000)).toBe(false);
    expect(isStale(6000, 10_000, 2000)).toBe(false);
    expect(isStale(5999, 10_000, 2000)).toBe(true);
  });
});
