import React from 'react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { render } from 'ink-testing-library';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConsoleProvider } from '../../src/components/context.js';
import { Shell } from '../../src/screens/shell.js';
import { TroubleshootDeps } from '../../src/screens/troubleshoot/deps.js';
import { createAppStore } from '../../src/state/app.js';
import { createTroubleshootStore, type TroubleshootStore } from '../../src/state/troubleshoot.js';
import { KeyBus } from '../../src/ui/keys.js';
import { detectTheme } from '../../src/ui/theme.js';
import { startDemoStack, type DemoStack } from '../../src/demo/stack.js';
import { createTroubleshootController } from '../../src/workflows/runbooks/controller.js';
import { openTroubleshoot } from '../../src/workflows/runbooks/context.js';
import { clusterEndpoint } from '../../src/workflows/runbooks/envoy-api.js';
import { RUNBOOKS } from '../../src/workflows/runbooks/runner.js';

const settle = (ms = 80): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function until(cond: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 300 && !cond(); i++) await settle(50);
  if (!cond()) throw new Error(`gave up waiting for ${what}`);
}

let demo: DemoStack;
let backups: string;

beforeEach(async () => {
  demo = await startDemoStack();
  backups = await mkdtemp(path.join(tmpdir(), 'cx-screen-'));
});

afterEach(async () => {
  await demo.stop();
  await rm(backups, { recursive: true, force: true });
});

function renderTab(readonly = false) {
  const app = createAppStore({ mode: 'demo', environment: 'demo', target: 'demo',
    production: false, readonly }, { columns: 120, rows: 40 });
  app.getState().setTab('troubleshoot');
  const bus = new KeyBus({ readonly });
  const store: TroubleshootStore = createTroubleshootStore();
  const controller = createTroubleshootController({
    store, readonly,
    context: () => openTroubleshoot({ config: demo.config, demo, backupDir: backups }),
  });
  const view = render(
    <ConsoleProvider config={demo.config} store={app} bus={bus}
      theme={detectTheme({ LANG: 'C.UTF-8' })} controller={{ quit: () => undefined }}>
      <TroubleshootDeps store={store} controller={controller}><Shell /></TroubleshootDeps>
    </ConsoleProvider>,
  );
  return { ...view, store, app, controller };
}

const allDone = (store: TroubleshootStore) => () =>
  Object.keys(store.getState().results).length === RUNBOOKS.length &&
  !Object.values(store.getState().running).some(Boolean);

describe('the Troubleshoot tab', () => {
  it('lists the runbooks, checks everything, opens one and backs out with esc', async () => {
    const { lastFrame, stdin, store, app, unmount } = renderTab();
    // The tab's code loads on first use.
    await until(() => lastFrame()!.includes('Runbooks, in the order'), 'the tab to load');
    expect(lastFrame()).toContain('Runbooks, in the order of the request path');
    expect(lastFrame()).toContain('not checked yet');
    stdin.write('a');
    await until(allDone(store), 'every runbook');
    await settle();
    expect(lastFrame()).not.toContain('not checked yet');
    expect(lastFrame()).toMatch(/Envoy cluster out of sync +1 check ok/);

    stdin.write('\r');
    await settle();
    expect(lastFrame()).toContain('Symptom: Browsers warn');
    stdin.write('\x1b');
    await settle(150);
    expect(app.getState().tab).toBe('troubleshoot');
    expect(lastFrame()).toContain('Runbooks, in the order of the request path');
    unmount();
  });

  it('shows the evidence, asks before the fix, applies it and re-checks', async () => {
    await demo.setFault('cluster-port', true);
    const control = () =>
      clusterEndpoint(demo.standin.state.clusters.get('_ai_unified_server')!)!.port;
    const wrong = control();
    const { lastFrame, stdin, store, unmount } = renderTab();
    await settle();
    stdin.write('j');
    await settle();
    stdin.write('r');
    await until(() => store.getState().results['cluster-port'] !== undefined, 'the runbook');
    stdin.write('\r');
    await settle();
    expect(lastFrame()).toContain('CX402 The control plane');
    expect(lastFrame()).toContain(`control plane GET /get-cluster?name=_ai_unified_server  ` +
      `127.0.0.1:${wrong}`);
    for (let i = 0; i < 8; i++) stdin.write('j');
    await settle();
    expect(lastFrame()).toContain('press x to review and apply it');

    stdin.write('x');
    await settle();
    expect(lastFrame()).toContain('Apply this fix?');
    expect(lastFrame()).toMatch(new RegExp(`- +"portValue": ${wrong}`));
    expect(control()).toBe(wrong);

    stdin.write('n');
    await settle();
    expect(store.getState().pending).toBeUndefined();
    expect(control()).toBe(wrong);

    stdin.write('x');
    await settle();
    stdin.write('y');
    await until(() => store.getState().results['cluster-port']?.verdict === 'ok', 're-check');
    await settle();
    expect(control()).toBe(demo.config.gateway.port);
    expect(lastFrame()).toContain('now routes to port');
    unmount();
  });

  it('hides and refuses every fix under --readonly', async () => {
    await demo.setFault('cluster-port', true);
    const { lastFrame, stdin, store, unmount } = renderTab(true);
    await settle();
    stdin.write('j');
    stdin.write('r');
    await until(() => store.getState().results['cluster-port'] !== undefined, 'the runbook');
    stdin.write('\r');
    await settle();
    expect(lastFrame()).toContain('CX402');
    expect(lastFrame()).not.toContain('Guided fix');
    expect(lastFrame()).not.toMatch(/x fix/);
    stdin.write('x');
    await settle();
    expect(store.getState().pending).toBeUndefined();
    expect(lastFrame()).not.toContain('Apply this fix?');
    unmount();
  });
});
