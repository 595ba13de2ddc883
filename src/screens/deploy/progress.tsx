/** Live detail of the running step: the sync bar, per-service build, verify checks. */
import React from 'react';
import { Box, Text } from 'ink';
import { StatusBadge } from '../../components/status.js';
import { useTheme } from '../../components/context.js';
import { formatBytes, type SyncProgress } from '../../services/rsync/parse.js';
import { useDeploy } from './provider.js';

/** A bar of `width` cells, `percent` full. */
export function bar(percent: number, width: number, full: string, empty: string): string {
  const n = Math.max(0, Math.min(width, Math.round((percent / 100) * width)));
  return full.repeat(n) + empty.repeat(width - n);
}

/** `1.2 MB 45% 3.1MB/s eta 0:00:04 files 12/40`. */
export function syncLine(p: SyncProgress): string {
  const files = p.total !== undefined ? ` files ${p.total - (p.toCheck ?? 0)}/${p.total}` : '';
  return `${formatBytes(p.bytes)} ${p.percent}% ${p.rate} eta ${p.eta}${files}`;
}

export function SyncBar(props: { width: number }) {
  const sync = useDeploy((s) => s.sync);
  const theme = useTheme();
  if (!sync) return null;
  return (
    <Box flexDirection="column">
      <Text>{`sync [${bar(sync.percent, props.width - 8, theme.symbols.barFull,
        theme.symbols.barEmpty)}] ${String(sync.percent).padStart(3)}%`}</Text>
      <Text>{syncLine(sync)}</Text>
    </Box>
  );
}

export function BuildList(props: { width: number }) {
  const build = useDeploy((s) => s.build);
  const names = Object.keys(build.services);
  if (names.length === 0) return null;
  return (
    <Box flexDirection="column">
      {names.map((name) => {
        const b = build.services[name]!;
        const step = b.total ? `step ${b.step}/${b.total}` : '';
        return (
          <Box key={name}>
            <Box width={12}><Text wrap="truncate-end">{name}</Text></Box>
            <Box width={11}><StatusBadge status={b.done ? 'ok' : 'running'}
              word={b.done ? 'built' : 'building'} /></Box>
            <Text wrap="truncate-end">{`${step} ${b.last}`.slice(0, props.width - 23)}</Text>
          </Box>
        );
      })}
    </Box>
  );
}

export function VerifyList(props: { width: number }) {
  const checks = useDeploy((s) => s.verify);
  if (checks.length === 0) return null;
  return (
    <Box flexDirection="column">
      {checks.map((c) => (
        <Box key={c.name}>
          <Box width={14}><Text>{c.name}</Text></Box>
          <Box width={11}><StatusBadge status={c.ok ? 'ok' : c.warning ? 'warning' : 'running'}
            word={c.ok ? 'ok' : c.warning ? 'unknown' : 'waiting'} /></Box>
          <Text wrap="truncate-end">{c.detail.slice(0, props.width - 25)}</Text>
        </Box>
      ))}
    </Box>
  );
}
