/**
 * The Deploy tab: the release wizard (plan, confirmation, the steps with live progress)
 * and the release history with rollback.
 */
import React, { useEffect, useMemo, useState } from 'react';
import { Box, Text } from 'ink';
import { useApp, useKeyLayer } from '../components/context.js';
import { Styled } from '../components/status.js';
import { deployKeyLayer } from './deploy/keys.js';
import { useDeploy, useDeployDeps } from './deploy/provider.js';
import { LatestLines, StepList } from './deploy/steps.js';
import { BuildList, SyncBar, VerifyList } from './deploy/progress.js';
import { ConfirmPrompt, PlanSummary } from './deploy/plan.js';
import { ReleaseHistory, RollbackConfirm, StaleLockPrompt } from './deploy/history.js';

/** Re-renders every second while something runs, so elapsed times move. */
function useClock(running: boolean): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    if (!running) return undefined;
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, [running]);
  return running ? now : Date.now();
}

function Detail(props: { width: number }) {
  const steps = useDeploy((s) => s.steps);
  const w = props.width;
  if (steps.verify.state !== 'pending') return <VerifyList width={w} />;
  if (steps.build.state !== 'pending') return <BuildList width={w} />;
  if (steps.sync.state !== 'pending') return <SyncBar width={w} />;
  return null;
}

export function DeployScreen() {
  const { actions } = useDeployDeps();
  const columns = useApp((s) => s.columns);
  const session = useApp((s) => s.session);
  const phase = useDeploy((s) => s.phase);
  const plan = useDeploy((s) => s.plan);
  const message = useDeploy((s) => s.message);
  const releases = useDeploy((s) => s.releases);
  const staleLock = useDeploy((s) => s.staleLock);
  const [typed, setTyped] = useState('');
  const [cursor, setCursor] = useState(0);
  const [rollbackId, setRollbackId] = useState<string | undefined>();
  const now = useClock(phase === 'running' || phase === 'planning');
  const width = Math.max(40, columns - 2);

  useEffect(() => setTyped(''), [phase]);
  const layer = useMemo(() => deployKeyLayer({
    phase, production: plan?.production ?? session.production,
    environment: plan?.environment ?? session.environment, typed,
    releases: releases.map((r) => r.id), cursor, rollbackId, staleLock,
  }, actions, { setTyped, setCursor, setRollbackId }),
  [phase, plan, session, typed, releases, cursor, rollbackId, staleLock, actions]);
  useKeyLayer(layer);

  if (rollbackId) return <RollbackConfirm id={rollbackId} />;
  if (staleLock) return <StaleLockPrompt holder={staleLock} />;
  if (phase === 'idle') {
    return (
      <Box flexDirection="column">
        <Text>{`Release the workspace to ${session.environment} (${session.target}).`}</Text>
        {message && <Text>{message}</Text>}
        <ReleaseHistory releases={releases} cursor={cursor} rows={8} width={width} />
      </Box>
    );
  }

  return (
    <Box flexDirection="column">
      <StepList now={now} width={width} />
      {phase === 'confirm' && plan && <PlanSummary plan={plan} width={width} />}
      {phase === 'confirm' && plan && <ConfirmPrompt plan={plan} typed={typed} />}
      {phase !== 'confirm' && <Detail width={width} />}
      {phase !== 'confirm' && <LatestLines rows={4} width={width} />}
      {message && phase !== 'running' && <Styled bold>{message.slice(0, width * 2)}</Styled>}
    </Box>
  );
}
