/** One dashboard pane: a title with its refresh time (or stale mark), one line per check. */
import React from 'react';
import { Box, Text } from 'ink';
import { useStore } from 'zustand';
import { Sparkline } from '../../components/sparkline.js';
import { StatusBadge, Styled } from '../../components/status.js';
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

function CheckLine(props: { check: CheckResult; store: DashboardStore; labelWidth: number;
  narrow: boolean }) {
  const { check, labelWidth } = props;
  const history = useStore(props.store, (s) => s.history[check.id]);
  const theme = useTheme();
  const label = props.narrow ? SHORT[check.id] ?? check.label : check.label;
  return (
    <Box>
      <Box width={2} flexShrink={0}><StatusBadge status={check.status} word="" /></Box>
      <Box width={labelWidth} flexShrink={0}><Text wrap="truncate-end">{label}</Text></Box>
      <Box flexGrow={1} flexShrink={1} minWidth={4}>
        <Text wrap="truncate-end">{check.words}</Text>
      </Box>
      <Box width={LATENCY_WIDTH} flexShrink={0} justifyContent="flex-end">
        <Text>{latencyText(check.latencyMs)}</Text>
      </Box>
      <Box width={SPARK_WIDTH + 1} flexShrink={0} justifyContent="flex-end">
        {theme.color
          ? <Text dimColor><Sparkline values={history ?? []} width={SPARK_WIDTH} /></Text>
          : <Sparkline values={history ?? []} width={SPARK_WIDTH} />}
      </Box>
    </Box>
  );
}

function PaneTitle(props: { pane: PaneId; store: DashboardStore; checks: CheckResult[] }) {
  const refreshedAt = useStore(props.store, (s) => s.panes[props.pane].refreshedAt);
  const stale = useStore(props.store,
    (s) => isStale(s.panes[props.pane].refreshedAt, s.clock, s.intervalMs));
  const status = worst(props.checks.map((c) => c.status));
  const when = refreshedAt === null ? 'not yet refreshed' : clockTime(refreshedAt);
  return (
    <Box>
      <Styled bold>{PANE_TITLE[props.pane]} </Styled>
      {stale ? <StatusBadge status="stale" word={`stale since ${when}`} />
        : <><StatusBadge status={status} /><Text> {when}</Text></>}
    </Box>
  );
}

/** A pane `width` columns wide. */
export function Pane(props: { pane: PaneId; store: DashboardStore; width: number }) {
  const checks = useStore(props.store, (s) => s.panes[props.pane].checks);
  const narrow = props.width < 56;
  const labelWidth = narrow ? 8 : 14;
  return (
    <Box flexDirection="column" width={props.width}>
      <PaneTitle pane={props.pane} store={props.store} checks={checks} />
      {checks.map((c) => (
        <CheckLine key={c.id} check={c} store={props.store} labelWidth={labelWidth}
          narrow={narrow} />
      ))}
    </Box>
  );
}
