/** Renders the console shell with ink-testing-library, with a fresh store and key bus. */
import React from 'react';
import { render } from 'ink-testing-library';
import { readFileSync } from 'node:fs';
import { ConsoleProvider, type Controller } from '../../src/components/context.js';
import { Shell } from '../../src/screens/shell.js';
import { createAppStore, type SessionInfo } from '../../src/state/app.js';
import { KeyBus } from '../../src/ui/keys.js';
import { detectTheme } from '../../src/ui/theme.js';
import { parseConfig } from '../../src/config/load.js';
import type { Config } from '../../src/config/schema.js';

export const exampleConfig: Config = parseConfig(
  readFileSync(new URL('../../examples/cortex-hub.yaml', import.meta.url), 'utf8'),
  '/example/cortex-ops.yaml',
);

export interface ShellOptions {
  env?: NodeJS.ProcessEnv;
  session?: Partial<SessionInfo>;
  controller?: Partial<Controller>;
  /** The session's config; `null` draws the console as it is before the demo stack is up. */
  config?: Config | null;
}

/** Waits for React effects and ink's throttled output to settle. */
export const settle = (ms = 60): Promise<void> => new Promise((r) => setTimeout(r, ms));

export function renderShell(opts: ShellOptions = {}) {
  const store = createAppStore({
    mode: 'config', environment: 'production', target: 'coder@example', production: true,
    readonly: false, ...opts.session,
  });
  const bus = new KeyBus({ readonly: opts.session?.readonly });
  const quits: number[] = [];
  const controller: Controller = { quit: () => quits.push(1), ...opts.controller };
  const theme = detectTheme(opts.env ?? { LANG: 'C.UTF-8' });
  const view = render(
    <ConsoleProvider config={opts.config === null ? undefined : opts.config ?? exampleConfig}
      store={store} bus={bus} theme={theme} controller={controller}>
      <Shell />
    </ConsoleProvider>,
  );
  return { ...view, store, bus, quits };
}
