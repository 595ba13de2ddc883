/** The lines of the Logs tab and its status line. */
import React from 'react';
import { Box, Text } from 'ink';
import { useStore } from 'zustand';
import { StatusBadge } from '../../components/status.js';
import { visibleLines, type LogsStore } from '../../state/logs.js';

const SOURCE_WIDTH = 9;

export function LogStatus(props: { store: LogsStore; sources: string[] }) {
  const received = useStore(props.store, (s) => s.received);
  const dropped = useStore(props.store, (s) => s.dropped);
  const paused = useStore(props.store, (s) => s.paused);
  const filter = useStore(props.store, (s) => s.filter);
  const editing = useStore(props.store, (s) => s.editing);
  const following = props.sources.length ? props.sources.join(', ') : 'nothing yet';
  return (
    <Box>
      {paused ? <StatusBadge status="stale" word="paused" />
        : <StatusBadge status="running" word="following" />}
      <Text wrap="truncate-end">
        {` ${following} · ${received} lines · ${dropped} lines dropped`}
        {editing ? ` · filter: ${filter}_` : filter ? ` · filter: ${filter}` : ''}
      </Text>
    </Box>
  );
}

export function LogProblems(props: { store: LogsStore }) {
  const problems = useStore(props.store, (s) => s.problems);
  const entries = Object.entries(problems);
  if (entries.length === 0) return null;
  return (
    <Box flexDirection="column">
      {entries.map(([source, why]) => (
        <Box key={source}>
          <StatusBadge status="failing" word="" />
          <Text wrap="truncate-end">{source}: {why}</Text>
        </Box>
      ))}
    </Box>
  );
}

/** One line as shown: the source padded, the text cut to the width (no wrapping, no layout). */
export function logLineText(source: string, text: string, width: number): string {
  // Control characters would move the cursor; tabs would break the column count.
  // eslint-disable-next-line no-control-regex
  const clean = text.replace(/\t/g, '  ').replace(/[\x00-\x1f\x7f]/g, '');
  const line = `${source.padEnd(SOURCE_WIDTH - 1)} ${clean}`;
  return line.length > width ? `${line.slice(0, Math.max(0, width - 1))}…` : line;
}

/**
 * The newest lines that fit. Drawn as one Text node: a flood of lines then costs one string
 * join per frame, not a layout of a box per line.
 */
export function LogLines(props: { store: LogsStore; height: number; width: number }) {
  const lines = useStore(props.store, (s) => s.lines);
  const filter = useStore(props.store, (s) => s.filter);
  const shown = visibleLines(lines, filter, Math.max(1, props.height));
  if (shown.length === 0) {
    return <Text>{filter ? `no line contains "${filter}"` : 'no log lines yet'}</Text>;
  }

  return <Text>{shown.map((l) => logLineText(l.source, l.text, props.width)).join('\n')}</Text>;
}
