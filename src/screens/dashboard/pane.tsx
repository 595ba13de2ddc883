/** One dashboard pane: a title with its refresh time (or stale mark), one line per check. */
import React from 'react';
import { Box, Text } from 'ink';
import { useStore } from 'zustand';
import { sparkline } from '../../ui/sparkline.js';
import { Styled } from '../../components/status.js';
import { STATUS_WORD } from '../../ui/theme.js';
import { alignEnd, fitEnd } from '../../ui/fit.js';
import { useTheme } from '../../components/context.js';
import { isStale, type DashboardStore } from '../../state/dashboard.js';
import { PANE_TITLE, worst, type CheckResult, type PaneId } from '../../workflows/sweep/types.js';

/** Labels for narrow panes. */
const SHORT: Record<string, string> = {
  'edge.control': 'control', 'edge.ready': 'ready', 'edge.endpoint': 'hosts',
  'edge.errors': 'errors', 'edge.cert': 'cert', 'edge.public': 'public', 'edge.drift': 'drift',
  'gateway.container': 'state', 'gateway.root': 'GET /', 'gateway.health': 'API',
  'gateway.ws': 'ws', 'gateway.login': 'login', 'backend.container': 'state',
  'backend.direct': 'direct', 'backend.startup': 'startup', 'host.ssh': 'SSH',
  'host.docker': 'Docker', 'host.compose': 'Compose', 'host.disk': 'disk', 'host.load': 'load',
};

const BADGE_WIDTH = 2;
const SPARK_WIDTH = 5;
const LATENCY_WIDTH = 6;

/** `17:05:09`, local time. */
export function clockTime(ms: number): string {
  const d = new Date(ms);
  return [d.getHours(), d.getMinutes(), d.getSeconds()]
    .map((n) => String(n).padStart(2, '0')).join(':');
}

/** `12ms`, `1.2s`, or blank: five columns at most. */
export function latencyText(ms: number | null): string {
  if (ms === null) return '';
  if (ms < 1000) return `${ms}ms`;
  return ms < 99_500 ? `${(ms / 1000).toFixed(ms < 9950 ? 1 : 0)}s` : '>99s';
}

/**
 * One check as a single row of text: badge, label, words, latency and sparkline, each fitted
 * to its columns. One text node instead of a box per field keeps every frame cheap to lay out.
 */
function CheckLine(props: { check: CheckResult; store: DashboardStore; labelWidth: number;
  narrow: boolean; width: number }) {
  const { check, labelWidth } = props;
  const history = useStore(props.store, (s) => s.history[check.id]);
  const theme = useTheme();
  const { ellipsis } = theme.symbols;
  const label = props.narrow ? SHORT[check.id] ?? check.label : check.label;
  const wordsWidth = Math.max(4, props.width - BADGE_WIDTH - labelWidth - LATENCY_WIDTH
    - SPARK_WIDTH - 1);
  const badge = `${theme.symbols.status[check.status]} `;
  const middle = `${fitEnd(label, labelWidth - 1, ellipsis)} ${fitEnd(check.words, wordsWidth,
    ellipsis)}${alignEnd(latencyText(check.latencyMs), LATENCY_WIDTH)} `;
  const spark = sparkline(history ?? [], SPARK_WIDTH, theme.symbols.spark);
  if (!theme.color) return <Text wrap="truncate-end">{badge + middle + spark}</Text>;
  return (
    <Text wrap="truncate-end">
      <Text color={theme.tone[check.status]}>{badge}</Text>{middle}<Text dimColor>{spark}</Text>
    </Text>
  );
}

/** The pane's title, then its status and when it was refreshed, on one line. */
function PaneTitle(props: { pane: PaneId; store: DashboardStore; checks: CheckResult[];
  width: number }) {
  const refreshedAt = useStore(props.store, (s) => s.panes[props.pane].refreshedAt);
  const stale = useStore(props.store,
    (s) => isStale(s.panes[props.pane].refreshedAt, s.clock, s.intervalMs));
  const theme = useTheme();
  const title = `${PANE_TITLE[props.pane]} `;
  const status = stale ? 'stale' : worst(props.checks.map((c) => c.status));
  const when = refreshedAt === null ? 'not yet refreshed' : clockTime(refreshedAt);
  const badge = `${theme.symbols.status[status]} ${stale ? 'stale since' : STATUS_WORD[status]}`;
  const rest = fitEnd(`${badge} ${when}`, props.width - title.length, theme.symbols.ellipsis)
    .trimEnd();
  // The badge keeps its colour as far as it is shown; the time after it is plain.
  const shown = rest.slice(0, badge.length);
  return (
    <Text wrap="truncate-end">
      <Styled bold>{title}</Styled>
      {theme.color ? <Text color={theme.tone[status]}>{shown}</Text> : shown}
      {rest.slice(badge.length)}
    </Text>
  );
}

/** A pane `width` columns wide. */
export function Pane(props: { pane: PaneId; store: DashboardStore; width: number }) {
  const checks = useStore(props.store, (s) => s.panes[props.pane].checks);
  const narrow = props.width < 56;
  const labelWidth = narrow ? 8 : 14;
  return (
    <Box flexDirection="column" width={props.width}>
      <PaneTitle pane={props.pane} store={props.store} checks={checks} width={props.width} />
      {checks.map((c) => (
        <CheckLine key={c.id} check={c} store={props.store} labelWidth={labelWidth}
          narrow={narrow} width={props.width} />
      ))}
    </Box>
  );
}
