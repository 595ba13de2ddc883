/**
 * The Deploy tab at 80x24, driven through its keys with an in-memory store. A scripted
 * workflow writes the store through the same sink the real pipeline uses.
 */
import React from 'react';
import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { ConsoleProvider } from '../../src/components/context.js';
import { Shell } from '../../src/screens/shell.js';
import { DeployProvider } from '../../src/screens/deploy/provider.js';
import { createAppStore } from '../../src/state/app.js';
import { createDeployStore, storeSink, type DeployStore } from '../../src/state/deploy.js';
import { KeyBus } from '../../src/ui/keys.js';
import { detectTheme } from '../../src/ui/theme.js';
import type { DeployActions } from '../../src/workflows/deploy/controller.js';
import type { PlanView } from '../../src/workflows/deploy/types.js';
import { exampleConfig, settle } from '../support/console.js';

const PLAN: PlanView = {
  releaseId: '20261203T174229Z-3f9c2ab', target: 'coder@example:22', environment: 'production',
  production: true, remoteDir: '/srv/cortex-hub', commit: '3f9c2ab1234', branch: 'main',
  dirty: false, changes: { added: ['a.py'], changed: ['app/main.py'], deleted: [], bytes: 2048 },
  currentRelease: '20261202T100000Z-aaaa', composeCheck: 'ok',
  services: ['backend', 'frontend'], adoptsLegacy: false,
};

/** A scripted workflow: records calls and plays events into the store. */
function scripted(store: DeployStore) {
  const calls: string[] = [];
  const sink = storeSink(store);
  const actions: DeployActions = {
    start: () => {
      calls.push('start');
      store.getState().reset();
      sink.step('plan', 'running');
      sink.step('plan', 'ok', '1 new, 1 changed, 0 deleted');
      sink.plan(PLAN);
      store.getState().setPhase('confirm');
    },
    confirm: (yes) => {
      calls.push(`confirm ${yes}`);
      if (!yes) return store.getState().setPhase('idle', 'not confirmed; nothing changed');
      store.getState().setPhase('running');
      for (const id of ['preflight', 'lock'] as const) {
        sink.step(id, 'running');
        sink.step(id, 'ok');
      }

      sink.step('sync', 'running');
      sink.sync({ bytes: 1_500_000, percent: 42, rate: '3.10MB/s', eta: '0:00:04',
        transferred: 3, toCheck: 10, total: 40 });
    },
    breakLock: (yes) => {
      calls.push(`break ${yes}`);
      store.setState({ staleLock: undefined });
    },
    cancel: () => calls.push('cancel'),
    refresh: () => calls.push('refresh'),
    rollback: (id) => calls.push(`rollback ${id}`),
  };
  return { actions, calls, sink };
}

function renderDeploy(readonly = false) {
  const store = createAppStore({ mode: 'config', environment: 'production',
    target: 'coder@example', production: true, readonly });
  const bus = new KeyBus({ readonly });
  const deploy = createDeployStore();
  const flow = scripted(deploy);
  const view = render(
    <ConsoleProvider config={exampleConfig} store={store} bus={bus}
      theme={detectTheme({ LANG: 'C.UTF-8', NO_COLOR: '1' })} controller={{ quit: () => {} }}>
      <DeployProvider store={deploy} actions={flow.actions}><Shell /></DeployProvider>
    </ConsoleProvider>,
  );
  return { ...view, deploy, ...flow };
}

async function press(view: { stdin: { write: (s: string) => void } }, ...keys: string[]) {
  for (const k of keys) {
    view.stdin.write(k);
    await settle(30);
  }

  await settle();
}

/** Polls the last frame until it contains `text` (the machine may be busy). */
async function frameWith(view: { lastFrame: () => string | undefined }, text: string) {
  for (let i = 0; i < 100 && !(view.lastFrame() ?? '').includes(text); i += 1) await settle(20);
  return view.lastFrame() ?? '';
}

describe('Deploy tab', () => {
  it('plans, asks for the typed name on production, then shows live sync progress',
    async () => {
      const view = renderDeploy();
      await press(view, '2');
      expect(await frameWith(view, 'Release the workspace')).toContain('to production');
      await press(view, 'd');
      const frame = await frameWith(view, 'Type its name');
      expect(frame).toContain('1 new, 1 changed, 0 deleted, 2.0 kB to send');
      expect(frame).toContain('Type its name to release');
      expect(frame.split('\n').length).toBeLessThanOrEqual(24);

      await press(view, '\r');
      expect(view.calls).toEqual(['start']);
      await press(view, ...'production'.split(''));
      expect(await frameWith(view, '> production_')).toContain('> production_');
      await press(view, '\r');
      expect(view.calls).toEqual(['start', 'confirm true']);
      const running = await frameWith(view, 'files 30/40');
      expect(running).toMatch(/Sync\s+\S+ running/);
      expect(running).toContain('1.5 MB 42% 3.10MB/s eta 0:00:04 files 30/40');
      expect(running).toMatch(/Preflight\s+\S+ done/);
      await press(view, 'x');
      expect(view.calls).toContain('cancel');
      view.unmount();
    });

  it('esc at the confirmation stops with nothing changed', async () => {
    const view = renderDeploy();
    await press(view, '2', 'd', '\u001b');
    expect(view.calls).toEqual(['start', 'confirm false']);
    expect(await frameWith(view, 'not confirmed')).toContain('not confirmed; nothing changed');
    view.unmount();
  });

  it('lists releases and rolls back only after y, warning about migrations', async () => {
    const view = renderDeploy();
    view.deploy.getState().setReleases([
      { id: '20261203T000000Z-bbbb', current: true, commit: 'bbbbbbb', who: 'ann' },
      { id: '20261202T000000Z-aaaa', current: false, commit: 'aaaaaaa', who: 'bob' },
    ], '20261203T000000Z-bbbb');
    await press(view, '2', 'j', 'b');
    expect(await frameWith(view, 'NOT undone')).toContain('database migrations are NOT undone');
    await press(view, 'y');
    expect(view.calls).toEqual(['rollback 20261202T000000Z-aaaa']);
    view.unmount();
  });

  it('asks before breaking a stale lock, naming the holder', async () => {
    const view = renderDeploy();
    await press(view, '2');
    view.deploy.setState({ phase: 'running', staleLock: 'ann on laptop (pid 7), release R, ' +
      'since 2026-12-03T10:00:00Z, heartbeat 600 s ago' });
    await settle();
    expect(await frameWith(view, 'heartbeat')).toContain('heartbeat 600 s ago');
    await press(view, 'x');
    expect(view.calls).toEqual([]);
    await press(view, 'y');
    expect(view.calls).toEqual(['break true']);
    view.unmount();
  });

  it('read-only sessions cannot deploy or roll back', async () => {
    const view = renderDeploy(true);
    await press(view, '2', 'd', 'b');
    expect(view.calls).toEqual([]);
    expect(view.lastFrame()).not.toMatch(/\bdeploy\b.*\brollback\b/);
    view.unmount();
  });
});
