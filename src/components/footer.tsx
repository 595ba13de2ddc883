/** The footer: key hints generated from the key tables that are active right now. */
import React from 'react';
import { Box, Text } from 'ink';
import { keyLabel, type KeyBinding } from '../ui/keys.js';
import { useActiveBindings, useApp, useTheme } from './context.js';
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
