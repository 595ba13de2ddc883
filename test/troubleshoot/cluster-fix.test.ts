import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startDemoStack, type DemoStack } from '../../src/demo/stack.js';
import {
  FixFailedError, openTroubleshoot, runbookById, runRunbook, type TroubleshootContext,
} from '../../src/workflows/runbooks/index.js';
import { clusterEndpoint } from '../../src/workflows/runbooks/envoy-api.js';

let demo: DemoStack;
let backups: string;
let ctx: TroubleshootContext;
const signal = new AbortController().signal;
const cluster = runbookById('cluster-port')!;

function controlPort(): number {
  return clusterEndpoint(demo.standin.state.clusters.get('_ai_unified_server')!)!.port;
}

beforeEach(async () => {
  demo = await startDemoStack();
  backups = await mkdtemp(path.join(tmpdir(), 'cx-backups-'));
  ctx = await openTroubleshoot({ config: demo.config, demo, backupDir: backups });
});

afterEach(async () => {
  await demo.stop();
  await rm(backups, { recursive: true, force: true });
});

describe('the Envoy cluster fix against the stand-in', () => {
  it('is not offered when the cluster is in sync', async () => {
    const result = await runRunbook(cluster, ctx, signal, { fixes: true });
    expect(result.verdict).toBe('ok');
    expect(result.fix).toBeUndefined();
  });

  it('shows the diff, posts nothing until applied, then backs up, posts and verifies',
    async () => {
      await demo.setFault('cluster-port', true);
      const wrong = controlPort();
      const gateway = demo.config.gateway.port;
      const result = await runRunbook(cluster, ctx, signal, { fixes: true });
      expect(result.verdict).toBe('failing');
      const fix = result.fix!;
      expect(fix.dangerous).toBe(true);
      expect(fix.preview).toMatch(new RegExp(`^- +"portValue": ${wrong}$`, 'm'));
      expect(fix.preview).toMatch(new RegExp(`^\\+ +"portValue": ${gateway}$`, 'm'));
      expect(controlPort()).toBe(wrong);
      expect(await readdir(backups)).toEqual([]);

      const outcome = await fix.apply!(signal);
      expect(outcome).toContain(`port ${gateway}`);
      expect(controlPort()).toBe(gateway);
      const [backup] = await readdir(backups);
      const saved = JSON.parse(await readFile(path.join(backups, backup!), 'utf8')) as object;
      expect(clusterEndpoint(saved as Record<string, unknown>)?.port).toBe(wrong);

      const recheck = await runRunbook(cluster, ctx, signal, { fixes: true });
      expect(recheck.verdict).toBe('ok');
    });

  it('restores the backup when Envoy accepts the POST but keeps the old route', async () => {
    await demo.setFault('cluster-port', true);
    const wrong = controlPort();
    demo.standin.freezeRouting(true);
    const result = await runRunbook(cluster, ctx, signal, { fixes: true });
    const failure = await result.fix!.apply!(signal).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(FixFailedError);
    expect((failure as Error).message).toMatch(/verification failed .*restored from/);
    expect(controlPort()).toBe(wrong);
    expect(await readdir(backups)).toHaveLength(1);
  });
});
