/**
 * The pipeline up to preflight against a real sshd and rsync, with no Docker daemon behind
 * it: the plan reads without writing, and preflight stops the release before anything on
 * the host changes.
 */
import { access, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSshd, type Sshd } from '../support/sshd.js';
import { sshPool } from '../../src/services/ssh/connection.js';
import { openDeployContext } from '../../src/workflows/deploy/open.js';
import { runDeploy } from '../../src/workflows/deploy/pipeline.js';
import { recordingSink, sampleWorkspace, scratchRoot, sshdConfig } from './helpers.js';

const CANARY = 'cx-canary-7f3a9e51d2';

describe('deploy pipeline against a real sshd without Docker', () => {
  let sshd: Sshd;
  let root: string;
  let remoteDir: string;
  let config: ReturnType<typeof sshdConfig>;

  beforeAll(async () => {
    sshd = await startSshd({ setEnv: { DOCKER_HOST: 'unix:///nonexistent/docker.sock' } });
    root = await scratchRoot();
    const knownHosts = join(root, 'known_hosts');
    await writeFile(knownHosts, `${sshd.knownHostsLine}\n`);
    const workspace = await sampleWorkspace(root, CANARY);
    remoteDir = join(root, 'host', 'project', 'app');
    await mkdir(join(root, 'host', 'project'), { recursive: true });
    config = sshdConfig({ port: sshd.port, key: sshd.clientKeyPath, knownHosts, workspace,
      remoteDir });
  });

  afterAll(async () => {
    sshPool.closeAll();
    await sshd?.stop();
    if (root) await rm(root, { recursive: true, force: true });
  });

  async function deploy(dryRun: boolean, abortAt?: string) {
    const sink = recordingSink();
    const ctl = new AbortController();
    const step = sink.step.bind(sink);
    sink.step = (id, state, detail) => {
      step(id, state, detail);
      if (id === abortAt && state === 'running') ctl.abort(new Error('test abort'));
    };
    const ctx = await openDeployContext(config, { sink, signal: ctl.signal,
      historyFile: join(root, 'history.jsonl') });
    return { outcome: await runDeploy(ctx, { dryRun }), sink };
  }

  it('plans a first release: every file new, nothing written on the host', async () => {
    const { outcome, sink } = await deploy(true);
    expect(outcome.result).toBe('planned');
    expect(outcome.plan!.changes.added).toContain('docker-compose.yml');
    expect(outcome.plan!.changes.added).not.toContain('.env');
    expect(outcome.plan!.adoptsLegacy).toBe(false);
    expect(outcome.plan!.services).toEqual(['backend', 'frontend']);
    await expect(access(remoteDir)).rejects.toThrow();
    expect(await readdir(join(root, 'host', 'project'))).toEqual([]);
    expect(sink.events.join('\n')).not.toContain(CANARY);
  });

  it('cancelled during preflight: reported as aborted, nothing written', async () => {
    const { outcome, sink } = await deploy(false, 'preflight');
    expect(outcome.result).toBe('aborted');
    expect(sink.events).toContain('step preflight cancelled test abort');
    expect(await readdir(join(root, 'host', 'project'))).toEqual([]);
  });

  it('stops at preflight when Docker is down, leaving the host untouched', async () => {
    const { outcome, sink } = await deploy(false);
    expect(outcome.ok).toBe(false);
    expect(outcome.result).toBe('failed');
    expect(outcome.message).toMatch(/Docker is not reachable on the host/);
    expect(sink.events).toContain('step preflight failed ' + outcome.message);
    expect(sink.events.some((e) => e.startsWith('step lock'))).toBe(false);
    expect(await readdir(join(root, 'host', 'project'))).toEqual([]);
    expect(sink.events.join('\n')).not.toContain(CANARY);
  });
});
