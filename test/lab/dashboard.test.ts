/**
 * The dashboard's sweep against the lab: healthy, then each fault the lab injects turns the
 * right pane failing with the right words within one sweep (the backend within two), and
 * back when the fault is off. Host keys: a changed key and an unknown host are refused.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import type { Config } from '../../src/config/schema.js';
import { openTarget, setConsoleSession, type Target } from '../../src/workflows/target.js';
import { dashboardStore } from '../../src/state/dashboard.js';
import { renderShell, settle } from '../support/console.js';
import { runSweep, type SweepReport } from '../../src/workflows/sweep/run.js';
import type { SweepMemory } from '../../src/workflows/sweep/facts.js';
import { sshPool } from '../../src/services/ssh/connection.js';
import {
  ensureLabUp, labAvailable, lockLab, resetFaults, setFault, type LabFault, type LabState,
} from '../support/lab.js';

const lab = labAvailable();
if (!lab.ok) console.warn(`skipping test/lab/dashboard.test.ts: ${lab.reason}`);
const ROOT = new URL('../../', import.meta.url).pathname;

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(join(ROOT, 'node_modules/.bin/tsx'), ['src/cli.ts', ...args], {
      cwd: ROOT, env: { ...process.env, NO_COLOR: '1' }, timeout: 90_000,
    }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr });
    });
  });
}

describe.skipIf(!lab.ok)('the dashboard sweep against the lab', () => {
  let unlock: () => Promise<void>;
  let state: LabState;
  let config: Config;
  let target: Target;
  let memory: SweepMemory;
  const on = new Set<LabFault>();

  const sweep = (): Promise<SweepReport> =>
    runSweep({ config, target, timeoutMs: config.dashboard.probeTimeout * 1000, memory });
  const check = (r: SweepReport, id: string) => r.checks.find((c) => c.id === id)!;
  const failing = (r: SweepReport) => r.checks.filter((c) => c.status === 'failing')
    .map((c) => `${c.id}: ${c.words}`);

  async function healthy(): Promise<SweepReport> {
    let r = await sweep();
    for (let i = 0; i < 4 && failing(r).length; i++) {
      await new Promise((res) => setTimeout(res, 1000));
      r = await sweep();
    }

    return r;
  }

  async function fault(name: LabFault, enable: boolean): Promise<void> {
    // Remembered before switching, so a half-applied fault is still switched off after.
    if (enable) on.add(name);
    await setFault(name, enable);
    if (!enable) on.delete(name);
  }

  beforeAll(async () => {
    unlock = await lockLab();
    state = await ensureLabUp();
    await resetFaults();
    config = loadConfig(state.configPath).config;
    config = { ...config, dashboard: { refreshSeconds: 2, probeTimeout: 4 } };
    target = await openTarget(config, {}, { kind: 'non-interactive', acceptNewHostKey: false });
    memory = {};
  }, 600_000);

  afterEach(async () => {
    for (const name of [...on]) await fault(name, false);
  }, 300_000);

  afterAll(async () => {
    await target?.close();
    sshPool.closeAll();
    await unlock?.();
  }, 300_000);

  it('finds every pane healthy', async () => {
    const r = await healthy();
    expect(failing(r)).toEqual([]);
    expect(r.path.status).toBe('ok');
    expect(check(r, 'host.compose').words).toMatch(/^v1 1\.\d+\.\d+ \(docker-compose\)$/);
    expect(check(r, 'edge.cert').words).toMatch(/^expires in \d+ days$/);
  });

  const cases: [LabFault, string, RegExp, RegExp][] = [
    ['oidc-scheme', 'gateway.login', /login redirects to http:\/\//, /the gateway fails: login/],
    ['ws-upgrade', 'gateway.ws', /instead of 101/, /the gateway fails: refuses WebSocket/],
    ['port-collision', 'gateway.root', /answers \d+ from SimpleHTTP.*, not nginx/,
      /the gateway fails: container ai_unified_frontend is exited/],
    ['cluster-port', 'edge.drift',
      /the cluster points at port 8000 while the gateway publishes 8002/,
      new RegExp('^the gateway answers but the edge returns 503 from envoy because ' +
        'the cluster points at port 8000 while the gateway publishes 8002$')],
    ['dockerd-down', 'host.docker', /./, /./],
    ['ssh-drop', 'host.ssh', /cannot reach|closed|timed out|no answer/i, /./],
  ];

  for (const [name, id, words, verdict] of cases) {
    it(`${name}: ${id} fails with the right words within one sweep, and recovers`, async () => {
      await fault(name, true);
      const r = await sweep();
      expect(check(r, id).status, JSON.stringify(check(r, id))).toBe('failing');
      expect(check(r, id).words).toMatch(words);
      if (!['dockerd-down', 'ssh-drop'].includes(name)) expect(r.path.verdict).toMatch(verdict);
      await fault(name, false);
      const back = await healthy();
      expect(failing(back)).toEqual([]);
    }, 300_000);
  }

  it('backend-down: the request path names the backend within two sweeps', async () => {
    await fault('backend-down', true);
    let r = await sweep();
    if (r.path.failingHop !== 'backend') r = await sweep();
    expect(r.path.failingHop).toBe('backend');
    expect(r.path.verdict).toMatch(/the backend fails: container ai_hub_service is exited/);
    expect(check(r, 'backend.container').status).toBe('failing');
    await fault('backend-down', false);
    expect(failing(await healthy())).toEqual([]);
  }, 300_000);

  it('hang: the control plane times out on its own; other panes are unaffected', async () => {
    await fault('hang', true);
    const r = await sweep();
    expect(check(r, 'edge.control').words).toMatch(/no answer from 127\.0\.0\.1:\d+ within 4 s/);
    expect(check(r, 'gateway.root').status).toBe('ok');
    expect(r.path.hops.find((h) => h.hop === 'edge')?.status).toBe('warning');
  }, 300_000);

  it('hang: a key press is answered at once while the probe hangs', async () => {
    await fault('hang', true);
    setConsoleSession({});
    const view = renderShell({ config, session: { mode: 'config', environment: 'lab',
      target: 'lab', production: false } });
    try {
      for (let i = 0; i < 100 && !dashboardStore().getState().sweeping; i++) await settle(50);
      expect(dashboardStore().getState().sweeping).toBe(true);
      view.stdin.write('r');
      await settle();
      expect(view.lastFrame()).toContain('refreshing every probe now');
      expect(dashboardStore().getState().panes.edge.checks[0]!.status).not.toBe('failing');
      let frame = '';
      for (let i = 0; i < 200 && !/✖ control +no answer/.test(frame); i++) {
        await settle(50);
        frame = view.lastFrame() ?? '';
      }

      expect(frame).toMatch(/✖ control +no answer/);
    } finally {
      view.unmount();
      setConsoleSession(undefined);
      await settle(200);
    }
  }, 300_000);

  it('hostkey-change: refused with both fingerprints, known_hosts unchanged', async () => {
    const before = readFileSync(state.knownHostsFile, 'utf8');
    await fault('hostkey-change', true);
    const r = await cli(['status', '--json', '--config', state.configPath]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/has changed: known SHA256:\S+, presented SHA256:\S+/);
    expect(readFileSync(state.knownHostsFile, 'utf8')).toBe(before);
  }, 300_000);

  it('an unknown host with --json is refused with a clear error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cortex-lab-kh-'));
    try {
      const kh = join(dir, 'known_hosts');
      writeFileSync(kh, '');
      const cfg = join(dir, 'cortex-ops.yaml');
      copyFileSync(state.configPath, cfg);
      const text = readFileSync(cfg, 'utf8').replace(/knownHostsFile: .*/, `knownHostsFile: ${kh}`);
      writeFileSync(cfg, text);
      const r = await cli(['status', '--json', '--config', cfg]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/is not known \(SHA256:[\w+/]+\).*--accept-new-host-key/);
      expect(readFileSync(kh, 'utf8')).toBe('');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000);
});
