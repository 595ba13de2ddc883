/** The plan summary and the confirmation prompt (typed name for production targets). */
import React from 'react';
import { Box, Text } from 'ink';
import { Styled } from '../../components/status.js';
import { formatBytes } from '../../services/rsync/parse.js';
import type { PlanView } from '../../workflows/deploy/types.js';

/** Up to `n` paths, then `+N more`. */
export function somePaths(paths: readonly string[], n: number): string {
  const shown = paths.slice(0, n).join(', ');
  return paths.length > n ? `${shown} +${paths.length - n} more` : shown;
}

export function PlanSummary(props: { plan: PlanView; width: number }) {
  const { plan: p, width } = props;
  const c = p.changes;
  const line = (text: string) => <Text wrap="truncate-end">{text.slice(0, width)}</Text>;
  return (
    <Box flexDirection="column">
      {line(`release ${p.releaseId} -> ${p.target} (${p.environment})`)}
      {line(`commit ${p.commit?.slice(0, 10) ?? 'none'}${p.branch ? ` on ${p.branch}` : ''}` +
        `${p.dirty ? ', workspace DIRTY (uncommitted changes)' : ''}`)}
      {line(`${c.added.length} new, ${c.changed.length} changed, ${c.deleted.length} deleted, ` +
        `${formatBytes(c.bytes)} to send`)}
      {c.changed.length + c.added.length > 0 &&
        line(`  ${somePaths([...c.changed, ...c.added], 4)}`)}
      {c.deleted.length > 0 && line(`  deleted: ${somePaths(c.deleted, 4)}`)}
      {line(`compose: ${p.composeCheck}; services ${p.services.join(', ')}`)}
      {line(`now running: ${p.currentRelease ?? (p.adoptsLegacy ? 'a plain directory ' +
        '(adopted as the first release)' : 'nothing')}`)}
      {line('next: preflight, lock, sync, build, release, verify (rollback on failure), record')}
    </Box>
  );
}

export function ConfirmPrompt(props: { plan: PlanView; typed: string }) {
  const { plan, typed } = props;
  if (!plan.production) {
    return <Styled bold>Release now? enter to release, esc to stop.</Styled>;
  }

  return (
    <Box flexDirection="column">
      <Styled bold>
        {`${plan.environment} is a production target. Type its name to release:`}
      </Styled>
      <Text>{`> ${typed}_`}</Text>
    </Box>
  );
}
