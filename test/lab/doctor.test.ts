/**
 * Doctor on the lab (issue 6): the healthy lab has no failing finding; each pitfall, with
 * its fault switched on, fails with the right evidence; the guided fix, where there is one,
 * is applied and the re-check passes; with the fault off the runbook is ok again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sshPool } from '../../src/services/ssh/connection.js';
import { parseCli } from '../../src/cli/args.js';
import { openSession, type Session } from '../../src/cli/session.js';
import { run as doctorCommand } from '../../src/cli/commands/doctor.js';
import type { DoctorReport } from '../../src/workflows/runbooks/report.js';
import type { Config } from '../../src/config/schema.js';
import type { TroubleshootContext } from '../../src/workflows/runbooks/index.js';
import {
  ensureLabUp, labAvailable, lockLab, resetFaults, setFault, type LabFault, type LabState,
} from '../support/lab.js';
import {
  doctorOn, failing, finding, labConfig, labContext, recheck, removeBackupDirs, signal,
} from '../troubleshoot/lab-helpers.js';

const lab = labAvailable();
if (!lab.ok) console.log(`[lab] skipped test/lab/doctor.test.ts: ${lab.reason}`);

describe.skipIf(!lab.ok)('cortex-ops doctor on the lab', () => {
  let unlock: () => Promise<void>;
  let state: LabState;
  let config: Config;
  let ctx: TroubleshootContext;

  beforeAll(async () => {
    unlock = await lockLab();
    state = await ensureLabUp();
    await resetFaults();
    config = labConfig(state.configPath);
    ctx = await labContext(config);
  }, 900_000);

  afterAll(async () => {
    try {
      await resetFaults();
    } finally {
      sshPool.closeAll();
      await removeBackupDirs();
      await unlock?.();
    }
  }, 600_000);

  async function withFault<T>(name: LabFault, fn: () => Promise<T>): Promise<T> {
    await setFault(name, true);
    try {
      return await fn();
    } finally {
      await setFault(name, false);
    }
  }

  it('finds nothing failing on the healthy lab (the command, with --json)', async () => {
    const args = parseCli(['doctor', '--json', '--config', state.configPath]);
    const out: string[] = [];
    let opened: Promise<Session> | undefined;
    const code = await doctorCommand({ args, out: (l) => out.push(l), err: () => undefined,
      session: () => (opened ??= openSession(args)) });
    const report = JSON.parse(out.join('\n')) as DoctorReport;
    expect(report.summary.failing).toBe(0);
    expect(code).toBe(0);
    expect(report.runbooks.every((r) => r.verdict !== 'failing')).toBe(true);
  });

  it('oidc-scheme: the $scheme line on the host and the hop that flips', async () => {
    await withFault('oidc-scheme', async () => {
      const results = await doctorOn(ctx);
      expect(failing(results)).toEqual(['CX103', 'CX131']);
      const cx103 = finding(results, 'CX103');
      expect(cx103.evidence[0]?.file).toBe(
        `127.0.0.1:${state.remoteDir}/app/frontend/nginx/nginx.conf`);
      expect(cx103.evidence[0]?.text).toBe('proxy_set_header X-Forwarded-Proto $scheme;');
      const hops = finding(results, 'CX131');
      expect(hops.detail).toBe('The login redirect is http at: edge, gateway. The backend keeps ' +
        'https when asked directly, so nginx loses the scheme.');
      expect(hops.evidence.find((e) => e.file.startsWith('backend (direct)'))?.text)
        .toMatch(/^30\d Location: https:\/\//);
    });
    expect((await recheck(ctx, 'oidc-scheme')).verdict).toBe('ok');
  });

  it('ws-upgrade: the Connection line and a handshake that is not 101', async () => {
    await withFault('ws-upgrade', async () => {
      const results = await doctorOn(ctx);
      expect(failing(results)).toEqual(['CX207', 'CX231']);
      expect(finding(results, 'CX207').evidence[0]?.text)
        .toBe('proxy_set_header Connection "close";');
      expect(finding(results, 'CX231').detail).toMatch(/^The handshake got status \d+, not 101/);
      expect(finding(results, 'CX231').detail).not.toMatch(/status 101/);
    });
    expect((await recheck(ctx, 'ws-upgrade')).verdict).toBe('ok');
  });

  it('port-collision: names the squatter and shows the command', async () => {
    await withFault('port-collision', async () => {
      const results = await doctorOn(ctx);
      expect(failing(results)).toContain('CX332');
      const cx332 = finding(results, 'CX332');
      expect(cx332.detail).toMatch(/^Port 8002 \(for ai_unified_frontend\) is held by squatter/);
      expect(cx332.evidence[0]).toMatchObject({ line: expect.any(Number),
        text: 'frontend publishes 8002' });
      const ports = results.find((r) => r.id === 'port-collision')!;
      expect(ports.fix?.apply).toBeUndefined();
      expect(ports.fix?.command).toBe('docker stop squatter && docker start ai_unified_frontend');
    });
    expect((await recheck(ctx, 'port-collision')).verdict).toBe('ok');
  });

  it('cluster-port: three ports disagree; the guided fix posts, verifies and re-checks ok',
    async () => {
      await withFault('cluster-port', async () => {
        const results = await doctorOn(ctx);
        expect(failing(results)).toEqual(['CX402', 'CX405']);
        expect(finding(results, 'CX402').evidence.map((e) => e.text)).toEqual([
          '127.0.0.1:8000', 'publishes 8002:80', '127.0.0.1:8000']);
        const cluster = results.find((r) => r.id === 'cluster-port')!;
        expect(cluster.fix?.preview).toMatch(/^- +"portValue": 8000$/m);
        const outcome = await cluster.fix!.apply!(new AbortController().signal);
        expect(outcome).toContain('now routes to port 8002');
        expect((await recheck(ctx, 'cluster-port')).verdict).toBe('ok');
      });
    });

  it('backend-down: the stopped backend with its last log lines, and 502 from nginx',
    async () => {
      await withFault('backend-down', async () => {
        const results = await doctorOn(ctx);
        expect(failing(results)).toEqual(expect.arrayContaining(['CX612', 'CX620']));
        expect(finding(results, 'CX612').evidence[0]?.text).toMatch(/^ai_hub_service exited/);
        expect(finding(results, 'CX620').evidence[0]?.text).toMatch(/^502 server: nginx/);
      });
      expect((await recheck(ctx, 'backend')).verdict).toBe('ok');
    });

  it('migration-fail: a restart loop, with the failing migration in the log lines',
    async () => {
      await withFault('migration-fail', async () => {
        // The fault bites on the backend's next start, as after a release.
        await ctx.host.exec(['docker', 'restart', 'ai_hub_service'],
          { signal, timeoutMs: 60_000 });
        let results = await doctorOn(ctx);
        for (let i = 0; i < 20 && !failing(results).includes('CX610'); i++) {
          await new Promise((r) => setTimeout(r, 1000));
          results = [await recheck(ctx, 'backend')];
        }

        const loop = finding(results, 'CX610');
        expect(loop.evidence.map((e) => e.text).join('\n')).toMatch(/already exists/);
      });
    });
});
