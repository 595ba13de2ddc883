/**
 * The Dashboard tab: the request path on top, then the Edge, Gateway, Backend and Host panes
 * in two columns, refreshed by the poller while this tab is shown. Keys come from one table.
 */
import React, { useEffect, useMemo } from 'react';
import { useStore } from 'zustand';
import { Box, Text } from 'ink';
import { useApp, useConsole, useKeyLayer } from '../components/context.js';
import type { KeyLayer } from '../ui/keys.js';
import { dashboardStore, type DashboardStore } from '../state/dashboard.js';
import { Pane } from './dashboard/pane.js';
import { RequestPathView } from './dashboard/path.js';
import { usePoller } from './dashboard/use-poller.js';

const REFRESH_FLASH = 'refreshing every probe now';

/** The screen, with an injectable store for tests. */
export function DashboardView(props: { store: DashboardStore }) {
  const { config, store: app } = useConsole();
  const columns = useApp((s) => s.columns);
  const poller = usePoller(config, props.store);
  const { refreshNow } = poller;
  const layer = useMemo<KeyLayer>(() => ({
    id: 'dashboard',
    bindings: [{
      keys: ['r'], label: 'refresh', help: 'Run a sweep of every probe now',
      run: () => {
        refreshNow();
        app.getState().showFlash(REFRESH_FLASH, 'running');
        // The footer shows the flash instead of the keys; give the keys back shortly.
        setTimeout(() => {
          if (app.getState().flash?.text === REFRESH_FLASH) app.getState().clearFlash();
        }, 1500).unref();
      },
    }],
  }), [refreshNow, app]);
  useKeyLayer(layer);
  const pathStatus = useStore(props.store, (s) => s.path?.status);
  useEffect(() => {
    if (pathStatus) app.getState().setOverall(pathStatus);
  }, [pathStatus, app]);

  // The body has a border and padding: four columns less than the terminal.
  const inner = Math.max(40, columns - 4);
  const gap = 2;
  const left = Math.floor((inner - gap) / 2);
  const right = inner - gap - left;
  return (
    <Box flexDirection="column">
      <RequestPathView store={props.store} width={inner} />
      {poller.idleReason ? <Text wrap="truncate-end">{poller.idleReason}</Text> : null}
      <Box>
        <Box flexDirection="column" width={left} marginRight={gap}>
          <Pane pane="edge" store={props.store} width={left} />
          <Pane pane="backend" store={props.store} width={left} />
        </Box>
        <Box flexDirection="column" width={right}>
          <Pane pane="gateway" store={props.store} width={right} />
          <Pane pane="host" store={props.store} width={right} />
        </Box>
      </Box>
    </Box>
  );
}

export function DashboardScreen() {
  return <DashboardView store={dashboardStore()} />;
}
