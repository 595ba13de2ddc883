import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startDemoStack, type DemoStack } from '../../src/demo/stack.js';
import { setConsoleSession } from '../../src/workflows/target.js';
import { dashboardStore } from '../../src/state/dashboard.js';
import { renderShell, settle } from '../support/console.js';
import { silentServer } from './loopback.js';

let demo: DemoStack;
let cleanup: (() => void) | undefined;

beforeAll(async () => {
  demo = await startDemoStack();
  setConsoleSession({ demo });
});

afterEach(async () => {
  cleanup?.();
  cleanup = undefined;
  await settle(100);
});

afterAll(async () => {
  setConsoleSession(undefined);
  await demo.stop();
});

async function until(frame: () => string | undefined, re: RegExp, ms = 8000): Promise<string> {
  const end = Date.now() + ms;
  for (;;) {
    const f = frame() ?? '';
    if (re.test(f) || Date.now() > end) return f;
    await settle(50);
  }
}

function open(edge = demo.config.edge, env?: NodeJS.ProcessEnv) {
  const config = { ...demo.config, edge, dashboard: { refreshSeconds: 0.5, probeTimeout: 2 } };
  const view = renderShell({ config, env, session: { mode: 'demo', environment: 'demo',
    target: 'demo stack on loopback', production: false } });
  cleanup = view.unmount;
  return view;
}

describe('the dashboard screen on the demo', () => {
  it('shows every pane healthy, the request path on top, and the refresh key', async () => {
    const { lastFrame } = open();
    const frame = await until(lastFrame, /every hop answers/);
    expect(frame).toMatch(/Request path ✔ every hop answers: edge -> gateway -> backend/);
    for (const title of ['Edge (Envoy)', 'Gateway (Nginx)', 'Backend (FastAPI)', 'Host']) {
      expect(frame).toContain(title);
    }

    expect(frame).toMatch(/✔ public +200 from envoy +[\d.]+m?s/);
    expect(frame).toMatch(/✔ ws +101 upgraded/);
    expect(frame.split('\n').at(-1)).toContain('r refresh');
  });

  it('names the failing pane and hop when a fault is switched on', async () => {
    const { lastFrame } = open();
    await until(lastFrame, /every hop answers/);
    await demo.setFault('cluster-port', true);
    try {
      const frame = await until(lastFrame, /✖ the gateway answers but the edge returns 503/);
      expect(frame)
        .toMatch(/Request path ✖ the gateway answers but the edge returns 503 from envoy/);
      expect(frame).toMatch(/✖ drift +the cluster points a/);
    } finally {
      await demo.setFault('cluster-port', false);
    }
  });

  it('cuts long lines with the ASCII ellipsis when the locale is not UTF-8', async () => {
    const { lastFrame } = open(demo.config.edge, { LANG: 'C' });
    await until(lastFrame, /every hop answers/);
    await demo.setFault('cluster-port', true);
    try {
      const frame = await until(lastFrame, /x edge +returns 503/);
      expect(/^[\x20-\x7e\n]*$/.test(frame)).toBe(true);
      expect(frame).toMatch(/\| {3}x edge +returns 503 from envoy because .*\.\.\. \|/);
      expect(frame).toMatch(/\| x drift +the cluster [^|]*\.\.\. /);
    } finally {
      await demo.setFault('cluster-port', false);
    }
  });

  it('stops polling when the tab is left', async () => {
    const { lastFrame, stdin } = open();
    await until(lastFrame, /every hop answers/);
    stdin.write('2');
    await settle(200);
    const before = dashboardStore().getState().sweeps;
    await settle(1200);
    expect(dashboardStore().getState().sweeps).toBe(before);
    expect(dashboardStore().getState().sweeping).toBe(false);
  });

  it('answers keys while a probe hangs', async () => {
    const silent = await silentServer();
    try {
      const { lastFrame, stdin } = open({ ...demo.config.edge, controlPlaneUrl: silent.url });
      for (let i = 0; i < 100 && !dashboardStore().getState().sweeping; i++) await settle(50);
      expect(dashboardStore().getState().sweeping).toBe(true);
      stdin.write('r');
      await settle();
      expect(lastFrame()).toContain('refreshing every probe now');
      stdin.write('?');
      await settle();
      expect(lastFrame()).toContain('Show every key');
      stdin.write('?');
      const frame = await until(lastFrame,
        /✖ control +no answer from 127\.0\.0\.1:\d+ within 2 s/);
      expect(frame).toMatch(/✖ control +no answer from/);
    } finally {
      await silent.stop();
    }
  });
});
