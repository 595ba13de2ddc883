import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import chalk from 'chalk';
import { renderShell, settle } from '../support/console.js';

// ink-testing-library's stdout is not a terminal, so chalk would print no colour at all and a
// NO_COLOR test could not fail. Force colour on; only the theme may turn it off.
beforeAll(() => {
  chalk.level = 3;
});

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

function shell(opts: Parameters<typeof renderShell>[0] = {}) {
  const view = renderShell(opts);
  cleanup = view.unmount;
  return view;
}

describe('console shell', () => {
  it('shows the header, the tabs and a footer generated from the key table', async () => {
    const { lastFrame } = shell();
    await settle();
    const frame = lastFrame()!;
    const lines = frame.split('\n');
    expect(lines[0]).toContain('cortex-ops');
    expect(lines[0]).toContain('production');
    expect(lines[0]).toContain('coder@example');
    expect(lines[0]).toContain('unknown');
    expect(lines[1]).toContain('[1 Dashboard]');
    expect(lines[1]).toContain('4 Logs');
    expect(lines[lines.length - 1]).toContain('q/ctrl+c quit');
    expect(lines[lines.length - 1]).toContain('? help');
  });

  it('draws the dashboard before the session is open and holds the other tabs', async () => {
    const { lastFrame, stdin } = shell({ config: null, session: { mode: 'demo' } });
    await settle();
    expect(lastFrame()).toContain('Edge (Envoy)');
    expect(lastFrame()).not.toContain('starting the demo stack');
    stdin.write('2');
    await settle();
    expect(lastFrame()).toContain('[2 Deploy]');
    expect(lastFrame()).toContain('starting the demo stack…');
  });

  it('switches tabs with number keys and backs out with esc', async () => {
    const { lastFrame, stdin, store } = shell();
    await settle();
    stdin.write('3');
    await settle();
    expect(store.getState().tab).toBe('troubleshoot');
    expect(lastFrame()).toContain('[3 Troubleshoot]');
    stdin.write('\x1b');
    await settle(120);
    expect(store.getState().tab).toBe('dashboard');
  });

  it('opens help listing every key from the same table, and closes it', async () => {
    const { lastFrame, stdin } = shell();
    await settle();
    stdin.write('?');
    await settle();
    const frame = lastFrame()!;
    expect(frame).toContain('Keys');
    expect(frame).toContain('Quit cortex-ops');
    expect(frame).toContain('1 Dashboard, 2 Deploy, 3 Troubleshoot, 4 Logs');
    expect(frame.split('\n').at(-1)).toContain('esc/?/q close help');
    stdin.write('?');
    await settle();
    expect(lastFrame()).not.toContain('Quit cortex-ops');
  });

  it('quits through the controller on q', async () => {
    const { stdin, quits } = shell();
    await settle();
    stdin.write('q');
    await settle();
    expect(quits).toEqual([1]);
  });

  it('says the terminal is too small below 80x24', async () => {
    const { lastFrame, store } = shell();
    await settle();
    store.getState().setSize(79, 24);
    await settle();
    expect(lastFrame()).toContain('Terminal too small: 79x24');
    expect(lastFrame()).toContain('at least 80x24');
    store.getState().setSize(80, 24);
    await settle();
    expect(lastFrame()).toContain('[1 Dashboard]');
  });

  it('prints colour escapes normally and none at all under NO_COLOR', async () => {
    const coloured = shell({ session: { mode: 'demo' } });
    await settle();
    expect(coloured.lastFrame()).toContain('\x1b[');
    coloured.unmount();
    const plain = shell({ session: { mode: 'demo' }, env: { LANG: 'C.UTF-8', NO_COLOR: '1' } });
    await settle();
    expect(plain.lastFrame()).not.toContain('\x1b');
    expect(plain.lastFrame()).toContain('DEMO');
  });

  it('draws ASCII borders and symbols when the locale is not UTF-8', async () => {
    const { lastFrame } = shell({ env: { LANG: 'C', NO_COLOR: '1' } });
    await settle();
    const frame = lastFrame()!;
    expect(/^[\x20-\x7e\n]*$/.test(frame)).toBe(true);
    expect(frame).toContain('+---');
  });

  it('hides dangerous keys in a read-only session and says so in help', async () => {
    const { lastFrame, stdin } = shell({ session: { readonly: true } });
    await settle();
    expect(lastFrame()!.split('\n')[0]).toContain('read-only');
    stdin.write('?');
    await settle();
    expect(lastFrame()).toContain('Read-only session');
  });
});
