/** The footer: key hints generated from the key tables that are active right now. */
import React, { useEffect } from 'react';
import { Box, Text } from 'ink';
import { keyLabel, type KeyBinding } from '../ui/keys.js';
import { useActiveBindings, useApp, useConsole, useTheme } from './context.js';

/** How long a flash message stays before the key hints come back. */
export const FLASH_MS = 5000;
import { StatusBadge } from './status.js';

/** Joins bindings into hint text that fits `width`, dropping what does not fit. */
export function footerText(bindings: KeyBinding[], width: number, unicode: boolean): string {
  const seen = new Set<string>();
  const parts: string[] = [];
  for (const b of bindings) {
    if (b.hidden || seen.has(b.label)) continue;
    seen.add(b.label);
    parts.push(`${b.keys.map((k) => keyLabel(k, unicode)).join('/')} ${b.label}`);
  }

  let text = '';
  for (const part of parts) {
    const next = text ? `${text}  ${part}` : part;
    if (next.length > width) break;
    text = next;
  }

  return text;
}

export function Footer() {
  const bindings = useActiveBindings();
  const columns = useApp((s) => s.columns);
  const flash = useApp((s) => s.flash);
  const theme = useTheme();
  const { store } = useConsole();
  useEffect(() => {
    if (!flash || flash.status === 'running') return undefined;
    const timer = setTimeout(() => {
      if (store.getState().flash === flash) store.getState().clearFlash();
    }, FLASH_MS);
    return () => clearTimeout(timer);
  }, [flash, store]);
  if (flash) {
    return (
      <Box>
        <StatusBadge status={flash.status} word="" />
        <Text wrap="truncate-end">{flash.text}</Text>
      </Box>
    );
  }

  return <Text wrap="truncate-end">{footerText(bindings, columns - 1, theme.unicode)}</Text>;
}
