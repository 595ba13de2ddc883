/** The step list: one row per step with its state, elapsed time and a short detail. */
import React from 'react';
import { Box, Text } from 'ink';
import { StatusBadge } from '../../components/status.js';
import type { Status } from '../../ui/theme.js';
import { STEP_IDS, type StepState } from '../../workflows/deploy/types.js';
import type { StepView } from '../../state/deploy.js';
import { useDeploy } from './provider.js';

const STATUS: Record<StepState, Status> = {
  pending: 'unknown', running: 'running', ok: 'ok', failed: 'failing', skipped: 'stale',
  cancelled: 'warning',
};
const WORD: Record<StepState, string> = {
  pending: 'pending', running: 'running', ok: 'done', failed: 'failed', skipped: 'skipped',
  cancelled: 'stopped',
};

/** `12.3s`, or blank before the step starts. */
export function stepElapsed(step: StepView, now: number): string {
  if (step.startedAt === undefined) return '';
  const ms = (step.endedAt ?? now) - step.startedAt;
  return ms < 60_000 ? `${(ms / 1000).toFixed(1)}s` : `${Math.floor(ms / 60_000)}m${
    Math.round((ms % 60_000) / 1000)}s`;
}

function StepRow(props: { step: StepView; now: number; width: number }) {
  const { step } = props;
  const detail = step.detail ?? '';
  return (
    <Box>
      <Box width={11}><Text>{step.title}</Text></Box>
      <Box width={11}><StatusBadge status={STATUS[step.state]} word={WORD[step.state]} /></Box>
      <Box width={8}><Text>{stepElapsed(step, props.now)}</Text></Box>
      <Text wrap="truncate-end">{detail.slice(0, Math.max(0, props.width - 31))}</Text>
    </Box>
  );
}

/** All steps, in order. */
export function StepList(props: { now: number; width: number }) {
  const steps = useDeploy((s) => s.steps);
  return (
    <Box flexDirection="column">
      {STEP_IDS.map((id) => <StepRow key={id} step={steps[id]} now={props.now}
        width={props.width} />)}
    </Box>
  );
}

/** The latest output lines of the step that is running (or the last one that ran). */
export function LatestLines(props: { rows: number; width: number }) {
  const steps = useDeploy((s) => s.steps);
  const active = [...STEP_IDS].reverse().map((id) => steps[id])
    .find((s) => s.state !== 'pending' && s.lines.length > 0);
  if (!active) return null;
  return (
    <Box flexDirection="column">
      {active.lines.slice(-props.rows).map((line, i) => (
        <Text key={i} wrap="truncate-end">{`${active.id} | ${line}`.slice(0, props.width)}</Text>
      ))}
    </Box>
  );
}
