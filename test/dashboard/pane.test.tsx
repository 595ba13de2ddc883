import { afterEach, describe, expect, it } from 'vitest';
import React from 'react';
import { render } from 'ink-testing-library';
import { ConsoleProvider } from '../../src/components/context.js';
import { Pane } from '../../src/screens/dashboard/pane.js';
import { createAppStore } from '../../src/state/app.js';
import { createDashboardStore } from '../../src/state/dashboard.js';
import { KeyBus } from '../../src/ui/keys.js';
import { detectTheme } from '../../src/ui/theme.js';
import { columnsOf } from '../../src/ui/fit.js';

let unmount: (() => void) | undefined;
afterEach(() => unmount?.());

function pane(width: number, env: NodeJS.ProcessEnv = { LANG: 'C.UTF-8', NO_COLOR: '1' }) {
  const store = createDashboardStore(1000);
  const app = createAppStore({ mode: 'demo', environment: 'demo', target: 'loopback',
    production: false, readonly: false });
  const view = render(
    <ConsoleProvider config={undefined} store={app} bus={new KeyBus({})}
      theme={detectTheme(env)} controller={{ quit: () => undefined }}>
      <Pane pane="backend" store={store} width={width} />
    </ConsoleProvider>,
  );
  unmount = view.unmount;
  return { ...view, store };
}

const settle = (): Promise<void> => new Promise((r) => setTimeout(r, 30));

describe('a dashboard pane', () => {
  it('keeps its title on one line, cut to the pane, before the first refresh', async () => {
    const { lastFrame } = pane(37);
    await settle();
    const lines = lastFrame()!.split('\n');
    expect(lines[0]).toBe('Backend (FastAPI) ? unknown not yet …');
    expect(lines[1]).toBe('? state   not checked yet');
    expect(lines).toHaveLength(4);
  });

  it('lines up badge, label, words, latency and sparkline in the pane width', async () => {
    const { lastFrame, store } = pane(37);
    const now = Date.now();
    for (const ms of [12, 30, 18]) {
      store.getState().publishCheck({ id: 'backend.direct', pane: 'backend', label: 'direct',
        status: 'ok', words: 'port 8000 answers 200 from uvicorn', latencyMs: ms,
        checkedAt: now });
    }
    await settle();
    const line = lastFrame()!.split('\n').find((l) => l.includes('direct'))!;
    expect(line).toBe('✔ direct  port 8000 answ…  18ms   ▁█▃');
    expect(columnsOf(line)).toBe(37);
  });

  it('says since when a pane is stale, in ASCII when the locale is not UTF-8', async () => {
    const { lastFrame, store } = pane(44, { LANG: 'C', NO_COLOR: '1' });
    const then = new Date(2026, 11, 4, 9, 5, 7).getTime();
    store.getState().publishCheck({ id: 'backend.direct', pane: 'backend', label: 'direct',
      status: 'ok', words: 'port 8000 answers', latencyMs: 5, checkedAt: then });
    store.getState().tick(then + 5000);
    await settle();
    expect(lastFrame()!.split('\n')[0]).toBe('Backend (FastAPI) - stale since 09:05:07');
  });
});
