/**
 * The question about an SSH host key seen for the first time, as a modal overlay: the host,
 * the key type and its SHA256 fingerprint, y to trust it (it is added to known_hosts), n or
 * esc to refuse. Renders nothing while no question waits.
 */
import React, { useMemo } from 'react';
import { Box, Text } from 'ink';
import { useStore } from 'zustand';
import { useKeyLayer, useTheme } from './context.js';
import { Styled } from './status.js';
import { promptsStore, type PromptsStore } from '../state/prompts.js';
import type { KeyLayer } from '../ui/keys.js';

export function HostKeyPrompt(props: { store?: PromptsStore }) {
  const store = props.store ?? promptsStore;
  const question = useStore(store, (s) => s.questions[0]);
  const theme = useTheme();
  const layer = useMemo<KeyLayer>(() => ({
    id: 'host-key-prompt',
    modal: true,
    bindings: question ? [
      { keys: ['y'], label: 'trust key', help: 'Trust this host key and record it in known_hosts',
        run: () => store.getState().answer(question.id, true) },
      { keys: ['n', 'escape'], label: 'refuse', help: 'Refuse this host key and do not connect',
        run: () => store.getState().answer(question.id, false) },
    ] : [],
  }), [question, store]);
  useKeyLayer(layer, question !== undefined);
  if (!question) return null;

  const where = question.port === 22 ? question.host : `[${question.host}]:${question.port}`;
  return (
    <Box flexDirection="column" borderStyle={theme.borderStyle} paddingX={1} flexShrink={0}>
      <Styled bold>Unknown SSH host key</Styled>
      <Text>{where} is not in known_hosts. It presents this {question.keyType} key:</Text>
      <Text>  {question.fingerprint}</Text>
      <Text>Compare it with `ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub` on the host.</Text>
      <Text>y trust it and record it in known_hosts · n refuse</Text>
    </Box>
  );
}
