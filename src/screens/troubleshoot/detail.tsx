/** An opened runbook: its symptom, steps, findings with evidence, and the fix, scrollable. */
import React from 'react';
import { Box, Text } from 'ink';
import { StatusBadge, Styled } from '../../components/status.js';
import type { DetailLine } from './lines.js';

export function RunbookDetail(props: { lines: DetailLine[]; offset: number; height: number }) {
  const more = props.lines.length - props.offset - props.height;
  const room = more > 0 ? props.height - 1 : props.height;
  const shown = props.lines.slice(props.offset, props.offset + room);
  return (
    <Box flexDirection="column">
      {shown.map((line, i) => (
        <Box key={props.offset + i}>
          {line.status ? <Box flexShrink={0} marginRight={1}><StatusBadge status={line.status} />
          </Box> : null}
          <Styled bold={line.bold} dim={line.dim} wrap="truncate-end">{line.text || ' '}</Styled>
        </Box>
      ))}
      {more > 0 ? <Text>{`(${props.lines.length - props.offset - room} more lines)`}</Text>
        : null}
    </Box>
  );
}
