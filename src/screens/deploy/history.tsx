/** Kept releases, newest first, with a cursor for rollback. */
import React from 'react';
import { Box, Text } from 'ink';
import { Styled } from '../../components/status.js';
import { useTheme } from '../../components/context.js';
import type { ReleaseEntry } from '../../workflows/deploy/types.js';

export function ReleaseHistory(props: { releases: ReleaseEntry[]; cursor: number;
  rows: number; width: number; }) {
  const theme = useTheme();
  const { releases, cursor } = props;
  if (releases.length === 0) {
    return <Text>No releases listed yet (r refreshes; the first deploy creates them).</Text>;
  }

  return (
    <Box flexDirection="column">
      <Styled bold>Releases on the host (newest first)</Styled>
      {releases.slice(0, props.rows).map((r, i) => {
        const mark = i === cursor ? theme.symbols.arrow : ' ';
        const text = `${mark} ${r.id}${r.current ? ' (current)' : ''}  ` +
          `${r.commit?.slice(0, 7) ?? ''} ${r.who ?? ''}`;
        return <Styled key={r.id} inverse={i === cursor}>{text.slice(0, props.width)}</Styled>;
      })}
    </Box>
  );
}

export function RollbackConfirm(props: { id: string }) {
  return (
    <Box flexDirection="column">
      <Styled bold>{`Roll back to ${props.id}?`}</Styled>
      <Text>Files and images go back; database migrations are NOT undone.</Text>
      <Text>y to roll back, esc to stop.</Text>
    </Box>
  );
}

export function StaleLockPrompt(props: { holder: string }) {
  return (
    <Box flexDirection="column">
      <Styled bold>The host's deploy lock looks stale:</Styled>
      <Text wrap="wrap">{props.holder}</Text>
      <Text>Break it only if that deploy is gone. The audit log records it.</Text>
      <Text>y to break it and continue, esc to stop.</Text>
    </Box>
  );
}
