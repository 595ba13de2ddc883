/** A status shown as symbol and word, coloured only when colour is allowed. */
import React from 'react';
import { Text } from 'ink';
import { STATUS_WORD, type Status } from '../ui/theme.js';
import { useTheme } from './context.js';

export function StatusBadge(props: { status: Status; word?: string }) {
  const theme = useTheme();
  const text = `${theme.symbols.status[props.status]} ${props.word ?? STATUS_WORD[props.status]}`;
  return theme.color ? <Text color={theme.tone[props.status]}>{text}</Text> : <Text>{text}</Text>;
}

/** Text that is bold, inverse or dim only when styling is allowed. */
export function Styled(props: {
  children: React.ReactNode; bold?: boolean; inverse?: boolean; dim?: boolean; color?: string;
  wrap?: 'truncate' | 'truncate-end' | 'wrap';
}) {
  const theme = useTheme();
  if (!theme.color) return <Text wrap={props.wrap}>{props.children}</Text>;
  return (
    <Text bold={props.bold} inverse={props.inverse} dimColor={props.dim} color={props.color}
      wrap={props.wrap}>
      {props.children}
    </Text>
  );
}
