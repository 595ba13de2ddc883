/** The request path: the verdict naming the first failing hop, then one line per hop. */
import React from 'react';
import { Box, Text } from 'ink';
import { useStore } from 'zustand';
import { StatusBadge, Styled } from '../../components/status.js';
import { useTheme } from '../../components/context.js';
import { fitEnd } from '../../ui/fit.js';
import type { DashboardStore } from '../../state/dashboard.js';
import { HOPS } from '../../workflows/sweep/types.js';

const HOP_WIDTH = 9;

/** `width` is the columns the view has; hop lines are cut to it with the theme's ellipsis. */
export function RequestPathView(props: { store: DashboardStore; width: number }) {
  const path = useStore(props.store, (s) => s.path);
  const { ellipsis } = useTheme().symbols;
  const wordsWidth = props.width - 4 - HOP_WIDTH;
  const sweeping = useStore(props.store, (s) => s.sweeping);
  if (!path) {
    return (
      <Box flexDirection="column">
        <Box height={3}>
          <Styled bold>Request path </Styled>
          <StatusBadge status={sweeping ? 'running' : 'unknown'}
            word={sweeping ? 'first sweep running' : 'not checked yet'} />
        </Box>
        {HOPS.map((h) => <Text key={h}>  {h}</Text>)}
      </Box>
    );
  }

  return (
    <Box flexDirection="column">
      {/* The verdict is the one sentence that matters: three lines for it, even at 80 columns. */}
      <Box height={3} overflowY="hidden">
        <Box flexShrink={0}><Styled bold>Request path </Styled></Box>
        <Box flexShrink={0}><StatusBadge status={path.status} word="" /></Box>
        <Text wrap="wrap">{path.verdict}</Text>
      </Box>
      {path.hops.map((h) => (
        <Text key={h.hop} wrap="truncate-end">
          {'  '}<StatusBadge status={h.status} word="" />{h.hop.padEnd(HOP_WIDTH)}
          {fitEnd(h.words, wordsWidth, ellipsis).trimEnd()}
        </Text>
      ))}
    </Box>
  );
}
