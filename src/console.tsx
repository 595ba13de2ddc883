/**
 * Runs the full-screen console: the alternate screen buffer on the way in, and the terminal
 * restored on every way out (q, Ctrl-C, SIGTERM, SIGHUP, a crash).
 */
import React from 'react';
import { render } from 'ink';
import { createAppStore, type SessionInfo } from './state/app.js';
import { KeyBus } from './ui/keys.js';
import { detectTheme } from './ui/theme.js';
import { FrameWriter } from './ui/frame-writer.js';
import { MAX_FPS } from './ui/render-settings.js';
import { ConsoleProvider, type Controller } from './components/context.js';
import { Shell } from './screens/shell.js';
import { shutdown } from './services/lifecycle.js';
import type { Config } from './config/schema.js';

const ENTER_ALT = '\x1b[?1049h\x1b[?25l\x1b[2J\x1b[H';
const LEAVE_ALT = '\x1b[?25h\x1b[?1049l';

export interface ConsoleOptions {
  /** The session's config when it is already open (a config file). */
  config?: Config;
  /**
   * Opens the session once the first frame is on screen (the demo stack), so that drawing
   * the console does not wait for it. A rejection leaves the console and rejects runConsole.
   */
  open?: () => Promise<Config>;
  session: SessionInfo;
  controller?: Partial<Controller>;
  /** Called once the first frame has been written (for the startup benchmark). */
  onFirstFrame?: () => void;
}

/**
 * Opens the console and resolves with the exit code once it has closed; rejects, with the
 * terminal restored, when `open` fails.
 */
export function runConsole(opts: ConsoleOptions): Promise<number> {
  const stdout = process.stdout;
  const frames = new FrameWriter(stdout);
  let restored = false;
  const restore = (): void => {
    if (restored) return;
    restored = true;
    frames.detach();
    stdout.write(LEAVE_ALT);
  };

  stdout.write(ENTER_ALT);
  process.on('exit', restore);
  // Node prints warnings straight to stderr, which would scroll the full-screen frame; while
  // the console is up they become a flash line instead.
  const defaultWarningListeners = process.listeners('warning');
  process.removeAllListeners('warning');

  return new Promise<number>((resolve, reject) => {
    let leaving = false;
    // The session being opened after the first frame; leaving waits for it to settle so that
    // whatever it started is there for the caller to close.
    let opening: Promise<unknown> = Promise.resolve();
    const leave = (code: number, failure?: unknown): void => {
      if (leaving) return;
      leaving = true;
      store.getState().showFlash('stopping: finishing and releasing what is held…', 'running');
      void Promise.allSettled([shutdown(), opening]).finally(() => {
        instance.unmount();
        restore();
        process.removeAllListeners('warning');
        for (const fn of defaultWarningListeners) process.on('warning', fn);
        if (failure === undefined) resolve(code);
        else reject(failure instanceof Error ? failure : new Error(String(failure)));
      });
    };

    const given = opts.controller;
    const controller: Controller = {
      quit: () => leave(0),
      ...given,
      setup: given?.setup && (() => {
        given.setup?.();
        leave(0);
      }),
    };
    process.on('warning', (w) => store.getState().showFlash(`warning: ${w.message}`, 'warning'));
    const size = { columns: stdout.columns || 80, rows: stdout.rows || 24 };
    const store = createAppStore(opts.session, size);
    const bus = new KeyBus({ readonly: opts.session.readonly });
    const theme = detectTheme();
    const tree = (config: Config | undefined): React.ReactElement => (
      <ConsoleProvider config={config} store={store} bus={bus} theme={theme}
        controller={controller}>
        <Shell />
      </ConsoleProvider>
    );
    const open = (): void => {
      if (!opts.open || leaving) return;
      opening = opts.open().then(
        (config) => { if (!leaving) instance.rerender(tree(config)); },
        (err: unknown) => leave(1, err),
      );
    };
    // The first frame is on the terminal once the frame writer has handed it over.
    frames.once('frame', () => {
      opts.onFirstFrame?.();
      setImmediate(open);
    });
    const instance = render(tree(opts.config), {
      stdout: frames as unknown as NodeJS.WriteStream,
      exitOnCtrlC: false, patchConsole: true, maxFps: MAX_FPS,
    });

    const onSignal = (signal: NodeJS.Signals): void => leave(signal === 'SIGTERM' ? 143 : 129);
    process.once('SIGTERM', onSignal);
    process.once('SIGHUP', onSignal);
    const crash = (err: unknown): void => {
      try {
        instance.unmount();
      } finally {
        restore();
        process.stderr.write(`cortex-ops crashed; the terminal has been restored.\n${
          err instanceof Error ? err.stack : String(err)}\n`);
        process.exit(70);
      }
    };
    process.once('uncaughtException', crash);
    process.once('unhandledRejection', crash);
  });
}
