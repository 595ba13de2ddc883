/**
 * The Troubleshoot tab: the runbooks of the documented pitfalls in request-path order with
 * their status; enter opens one (steps and evidence), r re-runs it, a checks everything,
 * x offers its fix for confirmation (hidden under --readonly), s writes an incident
 * snapshot, esc backs out.
 */
import React, { useCallback, useMemo, useState } from 'react';
import { Box, Text } from 'ink';
import { useStore } from 'zustand';
import { useApp, useKeyLayer } from '../components/context.js';
import { StatusBadge, Styled } from '../components/status.js';
import type { KeyBinding, KeyLayer } from '../ui/keys.js';
import { RUNBOOKS, runbookById } from '../workflows/runbooks/runner.js';
import { useTroubleshootDeps } from './troubleshoot/deps.js';
import { RunbookList } from './troubleshoot/list.js';
import { RunbookDetail } from './troubleshoot/detail.js';
import { ConfirmFix } from './troubleshoot/confirm.js';
import { detailLines } from './troubleshoot/lines.js';

/** Rows the shell's header, tabs, borders and footer take. */
const CHROME_ROWS = 7;
/** Columns the body's border and padding take. */
const BORDER_COLUMNS = 4;

function useScreenKeys(opts: {
  opened: string | undefined; setOffset: React.Dispatch<React.SetStateAction<number>>;
  lineCount: number; height: number; active: boolean;
}) {
  const { store, controller } = useTroubleshootDeps();
  const { opened, setOffset, lineCount, height } = opts;
  const layer = useMemo<KeyLayer>(() => {
    const s = store.getState;
    const current = (): string => opened ?? RUNBOOKS[s().selected]!.id;
    const move = (d: number): void => {
      const last = Math.max(0, lineCount - height + 1);
      if (opened) setOffset((o) => Math.max(0, Math.min(o + d, last)));
      else s().select((s().selected + d + RUNBOOKS.length) % RUNBOOKS.length);
    };
    const bindings: KeyBinding[] = [
      { keys: ['up', 'k'], label: 'up', hidden: true, run: () => move(-1) },
      { keys: ['down', 'j'], label: 'down', hidden: true, run: () => move(1) },
      ...(opened ? [] : [{ keys: ['return'], label: 'open', help: 'Open the runbook',
        run: () => s().open(current()) }]),
      { keys: ['r'], label: 'check', help: 'Run this runbook again',
        run: () => void controller.run(current()) },
      { keys: ['a'], label: 'check all', help: 'Run every runbook in request-path order',
        run: () => void controller.runAll() },
      { keys: ['x'], label: 'fix', dangerous: true, help: 'Review and apply the guided fix',
        run: () => controller.offerFix(current()) },
      { keys: ['s'], label: 'snapshot', help: 'Write an incident snapshot archive',
        run: () => void controller.snapshot() },
      ...(opened ? [{ keys: ['escape'], label: 'back', help: 'Back to the list',
        run: () => {
          setOffset(0);
          s().open(undefined);
        } }] : []),
    ];
    return { id: 'troubleshoot', bindings };
  }, [store, controller, opened, setOffset, lineCount, height]);
  useKeyLayer(layer, opts.active);
}

function Message(props: { text: string; status: 'ok' | 'warning' | 'failing' | 'unknown' |
  'running' | 'stale' }) {
  return (
    <Box>
      <Box flexShrink={0} marginRight={1}><StatusBadge status={props.status} /></Box>
      <Text wrap="truncate-end">{props.text}</Text>
    </Box>
  );
}

export function TroubleshootScreen() {
  const { store, controller } = useTroubleshootDeps();
  const rows = useApp((s) => s.rows);
  const columns = useApp((s) => s.columns);
  const readonly = useApp((s) => s.session.readonly);
  const opened = useStore(store, (s) => s.opened);
  const result = useStore(store, (s) => (s.opened ? s.results[s.opened] : undefined));
  const pending = useStore(store, (s) => s.pending);
  const fixing = useStore(store, (s) => s.fixing);
  const message = useStore(store, (s) => s.message);
  const [offset, setOffset] = useState(0);
  const height = Math.max(4, rows - CHROME_ROWS - (message ? 1 : 0));
  const runbook = opened ? runbookById(opened) : undefined;
  const lines = useMemo(
    () => (runbook ? detailLines(runbook, result, readonly, columns - BORDER_COLUMNS) : []),
    [runbook, result, readonly, columns]);
  useScreenKeys({ opened, setOffset, lineCount: lines.length, height,
    active: !pending });
  const confirm = useCallback(() => void controller.confirmFix(), [controller]);
  const cancel = useCallback(() => controller.cancelFix(), [controller]);

  return (
    <Box flexDirection="column">
      {pending && !readonly
        ? <ConfirmFix fix={pending.fix} fixing={fixing} height={height - 7}
          onConfirm={confirm} onCancel={cancel} />
        : runbook
          ? <RunbookDetail lines={lines} offset={offset} height={height} />
          : (
            <Box flexDirection="column">
              <Styled bold>Runbooks, in the order of the request path</Styled>
              <RunbookList store={store} />
            </Box>
          )}
      {message ? <Message text={message.text} status={message.status} /> : null}
    </Box>
  );
}
