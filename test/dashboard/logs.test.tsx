import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startDemoStack, type DemoStack } from '../../src/demo/stack.js';
import { setConsoleSession } from '../../src/workflows/target.js';
import { LogBuffer, visibleLines } from '../../src/state/logs.js';
import { sparkline } from '../../src/ui/sparkline.js';
import { renderShell, settle } from '../support/console.js';

let demo: DemoStack;
let cleanup: (() => void) | undefined;

beforeAll(async () => {
  demo = await startDemoStack();
  setConsoleSession({ demo });
});

afterEach(() => {
  cleanup?.();
  cleanup = undefined;
});

afterAll(async () => {
  setConsoleSession(undefined);
  await demo.stop();
});

async function until(frame: () => string | undefined, re: RegExp, ms = 5000): Promise<string> {
  const end = Date.now() + ms;
  for (;;) {
    const f = frame() ?? '';
    if (re.test(f) || Date.now() > end) return f;
    await settle(40);
  }
}

describe('the log buffer', () => {
  it('keeps the newest lines, counts the dropped ones and publishes in batches', async () => {
    const buf = new LogBuffer(5, 20);
    let updates = 0;
    buf.store.subscribe(() => void (updates += 1));
    for (let i = 0; i < 1000; i++) buf.push('backend', `line ${i}`);
    expect(buf.store.getState().lines).toHaveLength(0);
    await settle(60);
    const s = buf.store.getState();
    expect(updates).toBe(1);
    expect(s.lines.map((l) => l.text)).toEqual(['line 995', 'line 996', 'line 997', 'line 998',
      'line 999']);
    expect(s.dropped).toBe(995);
    expect(s.received).toBe(1000);
    buf.dispose();
  });

  it('publishes a steady stream on a steady beat, and a first line at once', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    try {
      const buf = new LogBuffer(100, 30);
      const flushes: number[] = [];
      buf.store.subscribe(() => void flushes.push(performance.now()));
      const start = performance.now();
      buf.push('backend', 'after a quiet spell');
      vi.advanceTimersByTime(0);
      // A line every 10 ms for 200 ms: flushes 30 ms apart, not 30 ms after each first line.
      for (let t = 10; t <= 200; t += 10) {
        vi.advanceTimersByTime(10);
        buf.push('backend', `line at ${t}`);
      }
      vi.advanceTimersByTime(30);
      expect(flushes.map((t) => t - start)).toEqual([0, 30, 60, 90, 120, 150, 180, 210]);
      buf.dispose();
    } finally {
      vi.useRealTimers();
    }
  });

  it('freezes the shown lines while paused but keeps counting', async () => {
    const buf = new LogBuffer(10, 10);
    buf.push('gateway', 'a');
    buf.flush();
    buf.store.getState().setPaused(true);
    buf.push('gateway', 'b');
    buf.flush();
    expect(buf.store.getState().lines.map((l) => l.text)).toEqual(['a']);
    expect(buf.store.getState().received).toBe(2);
    buf.dispose();
  });

  it('filters case-insensitively, newest last', () => {
    const lines = ['GET /a', 'post /b', 'GET /c']
      .map((text, i) => ({ seq: i, source: 'gw', text }));
    expect(visibleLines(lines, 'get', 5).map((l) => l.text)).toEqual(['GET /a', 'GET /c']);
    expect(visibleLines(lines, '', 2).map((l) => l.text)).toEqual(['post /b', 'GET /c']);
  });

  it('draws sparklines scaled to their range', () => {
    const levels = ['_', '.', '-', '#'];
    expect(sparkline([1, 2, 3, 4], 6, levels)).toBe('  _.-#');
    expect(sparkline([5, 5], 3, levels)).toBe(' __');
    expect(sparkline([], 2, levels)).toBe('  ');
  });
});

describe('the logs tab on the demo', () => {
  it('follows gateway, backend and edge lines, filters with / and pauses with p', async () => {
    const view = renderShell({ config: demo.config, session: { mode: 'demo',
      environment: 'demo', target: 'demo', production: false } });
    cleanup = view.unmount;
    const { lastFrame, stdin } = view;
    await settle();
    stdin.write('4');
    let frame = await until(lastFrame, /startup complete/);
    expect(frame).toMatch(/following gateway, backend, edge/);
    expect(frame).toMatch(/backend +INFO: +Application startup complete/);
    await fetch(`${demo.config.edge.publicUrl}/marker-one`);
    frame = await until(lastFrame, /edge +.*GET \/marker-one/);
    expect(frame).toMatch(/gateway +.*GET \/marker-one/);
    stdin.write('/');
    await settle();
    stdin.write('mar');
    stdin.write('ker');
    stdin.write('\r');
    frame = await until(lastFrame, /filter: marker(?!_)/);
    expect(frame).not.toMatch(/startup complete/);
    stdin.write('p');
    await settle();
    await fetch(`${demo.config.edge.publicUrl}/marker-two`);
    frame = await until(lastFrame, /paused/);
    await settle(200);
    expect(lastFrame()).not.toContain('marker-two');
    stdin.write('p');
    frame = await until(lastFrame, /marker-two/);
    expect(frame).toContain('marker-two');
    expect(frame).toMatch(/0 lines dropped/);
  });
});
