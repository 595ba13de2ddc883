/** The header line (environment, target, overall status) and the tab bar. */
import React from 'react';
import { Box, Text } from 'ink';
import { TABS } from '../state/app.js';
import { useApp, useTheme } from './context.js';
import { StatusBadge, Styled } from './status.js';

export function Header() {
  const session = useApp((s) => s.session);
  const overall = useApp((s) => s.overall);
  const theme = useTheme();
  const sep = theme.unicode ? ' │ ' : ' | ';
  return (
    <Box justifyContent="space-between" width="100%">
      <Box flexShrink={1}>
        <Styled bold>cortex-ops</Styled>
        <Text>{sep}</Text>
        {session.mode === 'demo'
          ? <Styled inverse bold>{' DEMO '}</Styled>
          : <Text>{session.environment}{session.production ? ' (production)' : ''}</Text>}
        <Text wrap="truncate-end">{sep}{session.target}</Text>
        {session.readonly ? <Text>{sep}read-only</Text> : null}
      </Box>
      <Box flexShrink={0} marginLeft={1}>
        <StatusBadge status={overall} />
      </Box>
    </Box>
  );
}

export function TabBar() {
  const tab = useApp((s) => s.tab);
  return (
    <Box>
      {TABS.map((t, i) => {
        const active = t.id === tab;
        const label = `${i + 1} ${t.title}`;
        return (
          <Box key={t.id} marginRight={1}>
            <Styled inverse={active} bold={active}>{active ? `[${label}]` : ` ${label} `}</Styled>
          </Box>
        );
      })}
    </Box>
  );
}
