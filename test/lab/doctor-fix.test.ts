/**
 * The Envoy cluster fix against a stand-in of our own that accepts a POST but keeps
 * routing to the old port (backup written, diff shown, POST only after the apply, backup
 * restored), and an incident snapshot of the lab with canary secrets planted in the
 * workspace's .env, the host's .env and the config.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { randomBytes } from 'node:crypto';
import { sshPool } from '../../src/services/ssh/connection.js';
import { startEnvoyStandin, type EnvoyStandin } from '../../src/standin/envoy.js';
import type { Config } from '../../src/config/schema.js';
import { FixFailedError } from '../../src/workflows/runbooks/index.js';
import { clusterEndpoint } from '../../src/workflows/runbooks/envoy-api.js';
import { writeSnapshot } from '../../src/workflows/snapshot/index.js';
import { ensureLabUp, labAvailable, lockLab, type LabState } from '../support/lab.js';
import {
  labConfig, labContext, recheck, removeBackupDirs, signal,
} from '../troubleshoot/lab-helpers.js';

const run = promisify(execFile);
const lab = labAvailable();
if (!lab.ok) console.log(`[lab] skipped test/lab/doctor-fix.test.ts: ${lab.reason}`);

describe.skipIf(!lab.ok)('the guided Envoy fix and the snapshot on the lab', () => {
  let unlock: () => Promise<void>;
  let state: LabState;
  let config: Config;
  let tmp: string;

  beforeAll(async () => {
    unlock = await lockLab();
    state = await ensureLabUp();
    config = labConfig(state.configPath);
    tmp = await mkdtemp(path.join(tmpdir(), 'cx-lab-fix-'));
  }, 900_000);

  afterAll(async () => {
    sshPool.closeAll();
    await removeBackupDirs();
    await rm(tmp, { recursive: true, force: true });
    await unlock?.();
  });

  describe('against a stand-in that accepts the POST but keeps the old route', () => {
    let standin: EnvoyStandin;

    beforeAll(async () => {
      standin = await startEnvoyStandin({
        control: { host: '127.0.0.1', port: 0 }, admin: { host: '127.0.0.1', port: 0 },
        edge: { host: '127.0.0.1', port: 0 }, cluster: state.cluster,
        endpoint: { address: '127.0.0.1', port: state.ports.backend },
      });
    });

    afterAll(async () => {
      await standin.stop();
    });

    const routed = (): number =>
      clusterEndpoint(standin.state.clusters.get(state.cluster)!)!.port;

    it('writes the backup, shows the diff, posts only on apply, restores on failure',
      async () => {
        const ctx = await labContext({ ...config, edge: { ...config.edge,
          controlPlaneUrl: standin.controlUrl, adminUrl: standin.adminUrl,
          publicUrl: standin.edgeUrl, caFile: undefined } });
        const result = await recheck(ctx, 'cluster-port');
        expect(result.steps[0]!.findings.map((f) => f.code)).toContain('CX402');
        const fix = result.fix!;
        expect(fix.preview).toMatch(new RegExp(`^- +"portValue": ${state.ports.backend}$`, 'm'));
        expect(fix.preview).toMatch(new RegExp(`^\\+ +"portValue": ${state.ports.gateway}$`,
          'm'));
        expect(routed()).toBe(state.ports.backend);
        expect(await readdir(ctx.backupDir)).toEqual([]);

        standin.freezeRouting(true);
        const failure = await fix.apply!(signal).catch((e: unknown) => e);
        expect(failure).toBeInstanceOf(FixFailedError);
        expect((failure as Error).message).toMatch(/still reports port .*restored from/);
        expect(routed()).toBe(state.ports.backend);
        const [backup] = await readdir(ctx.backupDir);
        const saved = JSON.parse(await readFile(path.join(ctx.backupDir, backup!), 'utf8'));
        expect(clusterEndpoint(saved)?.port).toBe(state.ports.backend);

        standin.freezeRouting(false);
        const again = await recheck(ctx, 'cluster-port');
        expect(await again.fix!.apply!(signal)).toContain(`port ${state.ports.gateway}`);
        expect((await recheck(ctx, 'cluster-port')).verdict).toBe('ok');
      });
  });

  it('port fix: stops an orphan of this stack holding the gateway port, starts the gateway',
    async () => {
      const ctx = await labContext(config);
      const docker = (...args: string[]) =>
        ctx.host.exec(['docker', ...args], { signal, timeoutMs: 60_000 });
      const orphan = 'cortex-hub_frontend_old';
      try {
        await docker('stop', 'ai_unified_frontend');
        const started = await docker('run', '-d', '--name', orphan,
          '--label', `com.docker.compose.project=${state.project}`,
          '--label', 'com.docker.compose.service=frontend-old',
          '-p', `${state.ports.gateway}:80`, 'cortex-lab/base:bookworm',
          'python3', '-m', 'http.server', '80');
        expect(started.stderr).toBe('');
        const result = await recheck(ctx, 'port-collision');
        const cx331 = result.steps.flatMap((s) => s.findings).find((f) => f.code === 'CX331');
        expect(cx331?.detail).toContain(`held by ${orphan}: an orphan of compose project`);
        expect(result.fix?.describe).toBe(`Stop ${orphan} (this stack's) and start ` +
          'ai_unified_frontend');
        expect(await result.fix!.apply!(signal)).toBe(
          `stopped ${orphan} and started ai_unified_frontend`);
        expect((await recheck(ctx, 'port-collision')).verdict).toBe('ok');
      } finally {
        await docker('rm', '-f', orphan);
        await docker('start', 'ai_unified_frontend');
      }
    });

  it('takes a snapshot with the evidence and none of the canaries', async () => {
    const canary = `canary${randomBytes(8).toString('hex')}`;
    const files = {
      workspace: path.join(state.workspace, '.env'),
      host: path.join(state.remoteDir, '.env'),
    };
    const saved = await Promise.all(Object.values(files).map((f) =>
      readFile(f, 'utf8').catch(() => undefined)));
    try {
      await writeFile(files.workspace, `OIDC_CLIENT_SECRET=${canary}-ws\n`);
      await writeFile(files.host, `DB_PASSWORD=${canary}-host\nANY_VALUE=${canary}-plain\n`,
        { mode: 0o644 });
      const planted: Config = { ...config, edge: { ...config.edge,
        controlPlaneUrl: config.edge.controlPlaneUrl.replace('://', `://ops:${canary}-cfg@`) } };
      const ctx = await labContext(planted);
      const archive = await writeSnapshot(ctx, { signal, output: path.join(tmp, 's.tar.gz') });
      const out = path.join(tmp, 'x');
      await run('mkdir', ['-p', out]);
      await run('tar', ['-xzf', archive, '-C', out]);
      const { stdout } = await run('grep', ['-rl', canary, out]).catch(() => ({ stdout: '' }));
      expect(stdout).toBe('');
      const [top] = await readdir(out);
      const read = (name: string) => readFile(path.join(out, top!, name), 'utf8');
      expect(await read('compose-ps.txt')).toContain('ai_unified_frontend');
      expect(await read('logs/ai_hub_service.log')).toMatch(/uvicorn|Uvicorn|INFO/);
      expect(await read('nginx-T.txt')).toContain('proxy_set_header X-Forwarded-Proto');
      expect(await read('envoy/control-plane-cluster.json')).toContain('"portValue": 8002');
      expect(await read('envoy/clusters.json')).toContain(state.cluster);
      expect(await read('envoy/server_info.json')).toContain('stand-in');
      expect(await read('envoy/config_dump.json')).toContain('ClustersConfigDump');
      expect(await read('versions.txt')).toMatch(/Server:|Version/);
      expect(JSON.parse(await read('doctor.json')).summary.failing).toBe(0);
      expect(JSON.parse(await read('manifest.json')).errors).toEqual([]);
    } finally {
      await Promise.all(Object.values(files).map((f, i) => saved[i] === undefined
        ? rm(f, { force: true }) : writeFile(f, saved[i]!)));
    }
  });
});
