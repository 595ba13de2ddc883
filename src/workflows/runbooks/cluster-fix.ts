/**
 * The guided fix of the cluster runbook: the control plane's cluster with its endpoint port
 * corrected, shown as a diff; on apply, the current definition is saved as a backup file,
 * the corrected one posted, and the change verified through Envoy's admin /clusters and a
 * request through the edge. If verification fails the backup is posted back.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Finding } from '../../services/analyze/index.js';
import {
  addCluster, adminClusterEndpoints, getCluster, withEndpointPort, type ClusterJson,
} from './envoy-api.js';
import { compactDiff, lineDiff } from './diff.js';
import { FixFailedError, type Fix, type TroubleshootContext } from './model.js';
import { edgeProblem, expectedGatewayPort } from './edge-checks.js';

const VERIFY_TRIES = 10;
const VERIFY_PAUSE_MS = 300;

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal.reason as Error);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** Writes the current definition to a new backup file; returns its path. */
export async function writeBackup(
  dir: string, name: string, cluster: ClusterJson,
): Promise<string> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const file = path.join(dir, `cluster-${name.replace(/[^\w.-]/g, '_')}-${stamp}.json`);
  await writeFile(file, JSON.stringify(cluster, null, 2) + '\n', { mode: 0o600, flag: 'wx' });
  return file;
}

/** Polls until Envoy routes to `port` and the edge answers; returns what is still wrong. */
async function verify(
  ctx: TroubleshootContext, port: number, signal: AbortSignal,
): Promise<string | undefined> {
  const { edge } = ctx.config;
  const opts = { signal, timeoutMs: ctx.timeoutMs };
  let problem: string | undefined = 'not checked';
  for (let i = 0; i < VERIFY_TRIES && problem; i++) {
    if (i > 0) await pause(VERIFY_PAUSE_MS, signal);
    const admin = await adminClusterEndpoints(edge.adminUrl, edge.cluster, opts);
    const ports = (admin ?? []).map((ep) => ep.port);
    problem = ports.includes(port)
      ? await edgeProblem(ctx, signal)
      : `Envoy's /clusters still reports port ${ports.join(', ') || 'none'}`;
  }

  return problem;
}

async function apply(
  ctx: TroubleshootContext, current: ClusterJson, corrected: ClusterJson, port: number,
  signal: AbortSignal,
): Promise<string> {
  const { edge } = ctx.config;
  const opts = { signal, timeoutMs: ctx.timeoutMs };
  const backup = await writeBackup(ctx.backupDir, edge.cluster, current);
  await addCluster(edge.controlPlaneUrl, corrected, opts);
  const problem = await verify(ctx, port, signal);
  if (!problem) return `cluster ${edge.cluster} now routes to port ${port} (backup ${backup})`;

  try {
    await addCluster(edge.controlPlaneUrl, current, opts);
  } catch (err) {
    throw new FixFailedError(`verification failed (${problem}) and restoring the backup ` +
      `failed too (${(err as Error).message}); post ${backup} to /add-cluster by hand`);
  }

  throw new FixFailedError(`verification failed (${problem}); the previous cluster was ` +
    `restored from ${backup}`);
}

/** The fix for CX402/CX403, or undefined when the cluster's port needs no change. */
export async function clusterFix(
  ctx: TroubleshootContext, findings: Finding[],
): Promise<Fix | undefined> {
  if (!findings.some((f) => f.code === 'CX402' || f.code === 'CX403')) return undefined;
  const signal = AbortSignal.timeout(ctx.timeoutMs * 3);
  const { edge } = ctx.config;
  const current = await getCluster(edge.controlPlaneUrl, edge.cluster,
    { signal, timeoutMs: ctx.timeoutMs });
  if (!current) return undefined;
  const { port } = await expectedGatewayPort(ctx, signal);
  const corrected = withEndpointPort(current, port);
  const before = JSON.stringify(current, null, 2);
  const after = JSON.stringify(corrected, null, 2);
  return {
    describe: `POST ${edge.cluster} with its endpoint on port ${port} to /add-cluster ` +
      '(backup first, verified after, restored if it does not take)',
    preview: before === after ? '(no change to the definition; it will be re-posted)'
      : compactDiff(lineDiff(before, after)),
    dangerous: true,
    apply: (sig) => apply(ctx, current, corrected, port, sig),
  };
}
