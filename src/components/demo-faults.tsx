/** Demo only: an overlay that switches the documented pitfalls on and off, for practice. */
import React, { useMemo, useState } from 'react';
import { Box, Text } from 'ink';
import type { KeyLayer } from '../ui/keys.js';
import { useConsole, useKeyLayer } from './context.js';
import { StatusBadge, Styled } from './status.js';

export function DemoFaults(props: { onClose: () => void }) {
  const { controller } = useConsole();
  const [version, setVersion] = useState(0);
  const [cursor, setCursor] = useState(0);
  const faults = useMemo(() => controller.demoFaults?.() ?? [], [controller, version]);
  const layer = useMemo<KeyLayer>(() => ({
    id: 'demo-faults', modal: true,
    bindings: [
      { keys: ['up', 'k'], label: 'up', run: () => setCursor((c) => Math.max(0, c - 1)) },
      {
        keys: ['down', 'j'], label: 'down',
        run: () => setCursor((c) => Math.min(faults.length - 1, c + 1)),
      },
      {
        keys: ['return', 'space', ' '], label: 'switch',
        help: 'Switch the selected fault on or off',
        run: () => {
          const fault = faults[cursor];
          if (!fault) return;
          void controller.toggleDemoFault?.(fault.name).then(() => setVersion((v) => v + 1));
        },
      },
      { keys: ['escape', 'f', 'q'], label: 'close', run: props.onClose },
    ],
  }), [controller, faults, cursor, props.onClose]);
  useKeyLayer(layer);
  return (
    <Box flexDirection="column">
      <Styled bold>Demo faults: practise triage on the documented pitfalls</Styled>
      {faults.map((f, i) => (
        <Box key={f.name}>
          <Box width={2} flexShrink={0}><Text>{i === cursor ? '>' : ' '}</Text></Box>
          <Box width={16} flexShrink={0}><Text>{f.name}</Text></Box>
          <Box width={8} flexShrink={0}>
            <StatusBadge status={f.on ? 'failing' : 'ok'} word={f.on ? 'on' : 'off'} />
          </Box>
          <Text wrap="truncate-end">{f.summary}</Text>
        </Box>
      ))}
      <Text> </Text>
      <Text>Changes apply to the demo stack at once; the dashboard shows them next sweep.</Text>
    </Box>
  );
}
