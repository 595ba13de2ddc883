import { afterEach, describe, expect, it } from 'vitest';
import { BIN, bundleBuilt } from '../support/binary.js';
import { TmuxSession, tmuxAvailable } from '../support/tmux.js';

let session: TmuxSession | undefined;
afterEach(() => session?.kill());

const command = `${process.execPath} ${BIN} --demo`;

describe.skipIf(!bundleBuilt() || !tmuxAvailable())('the console in a real terminal', () => {
  it('opens at 80x24 with header, tabs and footer; ? helps; q restores the terminal', async () => {
    session = new TmuxSession(command, { env: { LANG: 'C.UTF-8', TERM: 'xterm-256color' } });
    const first = await session.waitFor((s) => s.includes('? help'));
    const lines = first.split('\n');
    expect(lines[0]).toContain('cortex-ops');
    expect(lines[0]).toContain('DEMO');
    expect(lines[1]).toContain('[1 Dashboard]');
    expect(first).toContain('q/ctrl+c quit');
    expect(session.flags()).toEqual({ alternate: true, cursorVisible: false });

    session.keys('?');
    const help = await session.waitFor((s) => s.includes('Quit cortex-ops'));
    expect(help).toContain('Show every key');
    session.keys('Escape');
    await session.waitFor((s) => !s.includes('Quit cortex-ops'));

    session.keys('q');
    const after = await session.waitFor((s) => s.includes('[exited'));
    expect(after).toContain('[exited 0]');
    expect(session.flags()).toEqual({ alternate: false, cursorVisible: true });
  });

  it('restores the terminal on SIGTERM and on Ctrl-C', async () => {
    session = new TmuxSession(command, { env: { LANG: 'C.UTF-8' } });
    await session.waitFor((s) => s.includes('? help'));
    session.keys('C-c');
    expect(await session.waitFor((s) => s.includes('[exited'))).toContain('[exited 0]');
    expect(session.flags()).toEqual({ alternate: false, cursorVisible: true });
    session.kill();

    session = new TmuxSession(command, { env: { LANG: 'C.UTF-8' } });
    await session.waitFor((s) => s.includes('? help'));
    const pid = session.tmux('display-message', '-p', '-t', session.name, '#{pane_pid}').trim();
    // The pane's shell runs the console as its child.
    const { execFileSync } = await import('node:child_process');
    const child = execFileSync('pgrep', ['-P', pid], { encoding: 'utf8' }).trim().split('\n')[0]!;
    process.kill(Number(child), 'SIGTERM');
    expect(await session.waitFor((s) => s.includes('[exited'))).toContain('[exited 143]');
    expect(session.flags()).toEqual({ alternate: false, cursorVisible: true });
  });

  it('shows "terminal too small" below 80x24 and redraws when it grows', async () => {
    session = new TmuxSession(command, { columns: 70, rows: 20, env: { LANG: 'C.UTF-8' } });
    const small = await session.waitFor((s) => s.includes('too small'));
    expect(small).toContain('Terminal too small: 70x20');
    session.tmux('resize-window', '-t', session.name, '-x', '90', '-y', '26');
    const grown = await session.waitFor((s) => s.includes('? help'));
    expect(grown).not.toContain('too small');
    expect(grown.split('\n')[0]).toContain('cortex-ops');
  });
});

describe.skipIf(!tmuxAvailable())('a session that fails to open after the first frame', () => {
  it('leaves the console, restores the terminal and hands the error back', async () => {
    const { fileURLToPath } = await import('node:url');
    const script = fileURLToPath(new URL('../support/console-open-fails.tsx', import.meta.url));
    const tsx = fileURLToPath(new URL('../../node_modules/.bin/tsx', import.meta.url));
    session = new TmuxSession(`${tsx} ${script}`, { env: { LANG: 'C.UTF-8' } });
    const first = await session.waitFor((s) => s.includes('? help'), 15_000);
    expect(first).toContain('DEMO');
    const after = await session.waitFor((s) => s.includes('[exited'));
    expect(after).toContain('rejected: the demo stack could not listen on 127.0.0.1');
    expect(after).toContain('[exited 3]');
    expect(session.flags()).toEqual({ alternate: false, cursorVisible: true });
  });
});

describe.skipIf(!bundleBuilt() || !tmuxAvailable())('the console without a config', () => {
  it('opens the demo and offers init, which runs on the restored terminal', async () => {
    const { mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const path = await import('node:path');
    const empty = mkdtempSync(path.join(tmpdir(), 'cx-noconfig-'));
    session = new TmuxSession(`cd ${empty} && ${process.execPath} ${BIN}`, {
      env: { LANG: 'C.UTF-8', XDG_CONFIG_HOME: path.join(empty, 'xdg') },
    });
    const first = await session.waitFor((s) => s.includes('? help'));
    expect(first).toContain('DEMO');
    expect(first).toContain('i set up (init)');
    session.keys('i');
    const init = await session.waitFor((s) => s.includes('Environment name'));
    expect(init).toContain(`workspace ${empty}`);
    expect(session.flags()).toEqual({ alternate: false, cursorVisible: true });
    session.keys('C-c');
  });
});
