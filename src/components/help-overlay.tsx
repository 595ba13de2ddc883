/** The `?` help overlay: every reachable binding with its help line, from the key tables. */
import React, { useMemo } from 'react';
import { Box, Text } from 'ink';
import { keyLabel } from '../ui/keys.js';
import { useActiveBindings, useApp, useConsole, useKeyLayer, useTheme } from './context.js';
import { Styled } from './status.js';

export function HelpOverlay() {
  const { store } = useConsole();
  const theme = useTheme();
  const readonly = useApp((s) => s.session.readonly);
  const close = useMemo(() => ({
    id: 'help', modal: true,
    bindings: [{
      keys: ['escape', '?', 'q'], label: 'close help',
      run: () => store.getState().setHelp(false),
    }],
  }), [store]);
  useKeyLayer(close);
  const rows = useActiveBindings('help');
  return (
    <Box flexDirection="column" borderStyle={theme.borderStyle} paddingX={1} flexGrow={1}>
      <Styled bold>Keys</Styled>
      {rows.map((b) => (
        <Box key={`${b.label}-${b.keys.join()}`}>
          <Box width={16} flexShrink={0}>
            <Text>{b.keys.map((k) => keyLabel(k, theme.unicode)).join(', ')}</Text>
          </Box>
          <Text wrap="truncate-end">
            {b.help ?? b.label}{b.dangerous ? ' (changes the target)' : ''}
          </Text>
        </Box>
      ))}
      {readonly ? <Text>Read-only session: actions that change the target are hidden.</Text> : null}
      <Text>esc closes this help.</Text>
    </Box>
  );
}
