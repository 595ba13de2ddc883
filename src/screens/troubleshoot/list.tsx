/** The runbooks in request-path order, each with its status and a one-line summary. */
import React from 'react';
import { Box, Text } from 'ink';
import { useStore } from 'zustand';
import { StatusBadge, Styled } from '../../components/status.js';
import { useTheme } from '../../components/context.js';
import type { TroubleshootStore } from '../../state/troubleshoot.js';
import { RUNBOOKS } from '../../workflows/runbooks/runner.js';
import { rowStatus, rowSummary } from './lines.js';

function Row(props: { store: TroubleshootStore; index: number }) {
  const theme = useTheme();
  const runbook = RUNBOOKS[props.index]!;
  const result = useStore(props.store, (s) => s.results[runbook.id]);
  const running = useStore(props.store, (s) => s.running[runbook.id] ?? false);
  const selected = useStore(props.store, (s) => s.selected === props.index);
  const marker = selected ? theme.symbols.arrow : ' ';
  return (
    <Box>
      <Box width={2} flexShrink={0}><Text>{marker}</Text></Box>
      <Box width={12} flexShrink={0}><StatusBadge status={rowStatus(result, running)} /></Box>
      <Box width={30} flexShrink={0}>
        <Styled bold={selected} inverse={selected} wrap="truncate-end">{runbook.title}</Styled>
      </Box>
      <Text wrap="truncate-end"> {rowSummary(result, running)}</Text>
    </Box>
  );
}

export function RunbookList(props: { store: TroubleshootStore }) {
  return (
    <Box flexDirection="column">
      {RUNBOOKS.map((r, i) => <Row key={r.id} store={props.store} index={i} />)}
    </Box>
  );
}
