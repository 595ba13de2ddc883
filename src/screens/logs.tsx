/**
 * The Logs tab: follows the gateway's and the backend's container logs (and the edge
 * stand-in's access log where there is one). `/` filters, p pauses, the buffer is bounded
 * and says how many lines it dropped.
 */
import React, { useMemo } from 'react';
import { Box, Text } from 'ink';
import { useStore } from 'zustand';
import { useApp, useConfig, useKeyLayer } from '../components/context.js';
import type { KeyLayer } from '../ui/keys.js';
import type { LogBuffer, LogsStore } from '../state/logs.js';
import { LogLines, LogProblems, LogStatus } from './logs/view.js';
import { useFollow } from './logs/use-follow.js';

/** Rows the shell and this screen's status line take from the terminal. */
const CHROME_ROWS = 8;

function useLogKeys(buffer: LogBuffer): void {
  const store: LogsStore = buffer.store;
  const layer = useMemo<KeyLayer>(() => ({
    id: 'logs',
    bindings: [
      { keys: ['/'], label: 'filter', help: 'Type text to show only lines containing it',
        run: () => store.getState().setEditing(true) },
      { keys: ['p'], label: 'pause', help: 'Pause or resume following (lines keep arriving)',
        run: () => {
          const paused = !store.getState().paused;
          store.getState().setPaused(paused);
          if (!paused) buffer.flush();
        } },
      { keys: ['c'], label: 'clear filter', help: 'Show every line again',
        run: () => store.getState().setFilter('') },
    ],
  }), [buffer, store]);
  useKeyLayer(layer);
}

function useFilterInput(store: LogsStore, active: boolean): void {
  const layer = useMemo<KeyLayer>(() => ({
    id: 'logs-filter',
    modal: true,
    bindings: [
      { keys: ['return'], label: 'apply', run: () => store.getState().setEditing(false) },
      { keys: ['escape'], label: 'cancel', run: () => {
        store.getState().setFilter('');
        store.getState().setEditing(false);
      } },
    ],
    onText: (input, name) => {
      const s = store.getState();
      if (name === 'backspace') {
        s.setFilter(s.filter.slice(0, -1));
        return true;
      }

      // Fast typing and pastes arrive as one chunk of several characters.
      // eslint-disable-next-line no-control-regex
      if (input !== '' && name === input && !/[\x00-\x1f\x7f]/.test(input)) {
        s.setFilter(s.filter + input);
        return true;
      }

      return false;
    },
  }), [store]);
  useKeyLayer(layer, active);
}

/** The screen over a given buffer's store. */
export function LogsView(props: { buffer: LogBuffer; sources: string[]; idleReason?: string }) {
  const rows = useApp((s) => s.rows);
  const columns = useApp((s) => s.columns);
  const store = props.buffer.store;
  const editing = useStore(store, (s) => s.editing);
  useLogKeys(props.buffer);
  useFilterInput(store, editing);
  return (
    <Box flexDirection="column">
      <LogStatus store={store} sources={props.sources} />
      {props.idleReason ? <Text wrap="truncate-end">{props.idleReason}</Text> : null}
      <LogProblems store={store} />
      <LogLines store={store} height={rows - CHROME_ROWS} width={columns - 4} />
    </Box>
  );
}

export function LogsScreen() {
  const config = useConfig();
  const follow = useFollow(config);
  return (
    <LogsView buffer={follow.buffer} sources={follow.sources} idleReason={follow.idleReason} />
  );
}
