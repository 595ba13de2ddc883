/**
 * The console shell: header, tabs, the active screen, footer, and the overlays (help, demo
 * faults). The global key table lives here; screens add their own layers above it.
 */
import React, { Suspense, useEffect, useMemo, useState } from 'react';
import { Box, Text, useInput, useStdout } from 'ink';
import { TABS } from '../state/app.js';
import { keyName, type KeyLayer } from '../ui/keys.js';
import { useApp, useConsole, useKeyLayer, useTheme } from '../components/context.js';
import { Header, TabBar } from '../components/header.js';
import { Footer } from '../components/footer.js';
import { HelpOverlay } from '../components/help-overlay.js';
import { DemoFaults } from '../components/demo-faults.js';
import { HostKeyPrompt } from '../components/host-key-prompt.js';
import { SCREENS } from './registry.js';

/** Below this the console shows only a "terminal too small" message. */
export const MIN_COLUMNS = 80;
export const MIN_ROWS = 24;

function useTerminalSize(): void {
  const { stdout } = useStdout();
  const { store } = useConsole();
  useEffect(() => {
    const update = (): void => store.getState().setSize(stdout.columns || 80, stdout.rows || 24);
    update();
    stdout.on('resize', update);
    return () => {
      stdout.off('resize', update);
    };
  }, [stdout, store]);
}

function useGlobalKeys(openFaults: () => void): void {
  const { store, controller } = useConsole();
  const isDemo = useApp((s) => s.session.mode === 'demo');
  const noConfig = useApp((s) => s.session.noConfig === true);
  const layer = useMemo<KeyLayer>(() => ({
    id: 'global',
    bindings: [
      { keys: ['q', 'ctrl+c'], label: 'quit', help: 'Quit cortex-ops', run: controller.quit },
      {
        keys: TABS.map((_, i) => String(i + 1)), label: 'tabs',
        help: TABS.map((t, i) => `${i + 1} ${t.title}`).join(', '),
        run: (key) => {
          const tab = TABS[Number(key) - 1];
          if (tab) store.getState().setTab(tab.id);
        },
      },
      {
        keys: ['escape'], label: 'back', hidden: true, help: 'Back out (to the dashboard)',
        run: () => store.getState().setTab('dashboard'),
      },
      {
        keys: ['?'], label: 'help', help: 'Show every key',
        run: () => store.getState().setHelp(true),
      },
      ...(isDemo ? [{
        keys: ['f'], label: 'faults', help: 'Demo: switch a documented pitfall on or off',
        run: openFaults,
      }] : []),
      ...(noConfig && controller.setup ? [{
        keys: ['i'], label: 'set up (init)',
        help: 'No cortex-ops.yaml was found: leave the demo and write one (cortex-ops init)',
        run: controller.setup,
      }] : []),
    ],
  }), [store, controller, isDemo, noConfig, openFaults]);
  useKeyLayer(layer);
}

function TooSmall(props: { columns: number; rows: number }) {
  return (
    <Box flexDirection="column">
      <Text>Terminal too small: {props.columns}x{props.rows}.</Text>
      <Text>
        cortex-ops needs at least {MIN_COLUMNS}x{MIN_ROWS}. Enlarge the window, or press q.
      </Text>
    </Box>
  );
}

function Body(props: { faultsOpen: boolean; closeFaults: () => void }) {
  const tab = useApp((s) => s.tab);
  const helpOpen = useApp((s) => s.helpOpen);
  const theme = useTheme();
  const opened = useConsole().config !== undefined;
  const Screen = SCREENS[tab];
  // The dashboard draws before the session is open (its panes wait); the others need it.
  const screen = opened || tab === 'dashboard' ? <Screen />
    : <Text>starting the demo stack…</Text>;
  return (
    <Box flexGrow={1} flexDirection="column" borderStyle={theme.borderStyle} paddingX={1}
      overflowY="hidden">
      {helpOpen ? <HelpOverlay />
        : props.faultsOpen ? <DemoFaults onClose={props.closeFaults} />
          : <Suspense key={tab} fallback={<Text>loading {tab}…</Text>}>{screen}</Suspense>}
    </Box>
  );
}

/** The whole console. */
export function Shell() {
  const { bus } = useConsole();
  const columns = useApp((s) => s.columns);
  const rows = useApp((s) => s.rows);
  const [faultsOpen, setFaultsOpen] = useState(false);
  const openFaults = useMemo(() => () => setFaultsOpen(true), []);
  const closeFaults = useMemo(() => () => setFaultsOpen(false), []);
  useTerminalSize();
  useGlobalKeys(openFaults);

  useInput((input, key) => {
    bus.dispatch(keyName(input, key), input);
  });

  if (columns < MIN_COLUMNS || rows < MIN_ROWS) return <TooSmall columns={columns} rows={rows} />;

  // One row short of the terminal: a frame that fills every row makes ink clear the whole
  // screen on each update, which flickers and floods slow SSH links.
  return (
    <Box flexDirection="column" width={columns} height={rows - 1}>
      <Header />
      <TabBar />
      <HostKeyPrompt />
      <Body faultsOpen={faultsOpen} closeFaults={closeFaults} />
      <Footer />
    </Box>
  );
}
