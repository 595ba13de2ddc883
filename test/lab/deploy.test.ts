/**
 * The deploy pipeline against the lab: real sshd (behind a cuttable relay), rsync, dockerd
 * and compose v1. Every test runs under the lab lock; faults are switched off again, and
 * the lab's original workspace is released again at the end.
 */
import { mkdtemp, readFile, rm, writeFile, unlink } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sshPool } from '../../src/services/ssh/connection.js';
import { lockReleaseArgv } from '../../src/services/release/lock.js';
import { readLock } from '../../src/workflows/deploy/lock.js';
import {
  ensureLabUp, labAvailable, labState, lockLab, resetFaults, setFault, withLabLock,
} from '../support/lab.js';
import {
  canaryConfig, deployOnce, gateway, hostAudit, hostLayout, locked, sampleProcesses,
} from '../deploy/lab-helpers.js';

const CANARY_ENV = 'cx-env-canary-5c81e2f9aa';
const CANARY_CONFIG = 'cx-config-canary-93bd17';
const T = 600_000;

describe.skipIf(!labAvailable().ok)('deploy against the lab', () => {
  let unlock: (() => Promise<void>) | undefined;
  let dir: string;
  let config: Awaited<ReturnType<typeof canaryConfig>>['config'];
  let file: string;
  let workspace: string;
  const touched = new Map<string, string | undefined>();

  async function edit(rel: string, text: string): Promise<void> {
    const p = path.join(workspace, rel);
    if (!touched.has(p)) touched.set(p, await readFile(p, 'utf8').catch(() => undefined));
    await writeFile(p, text);
  }

  async function restoreWorkspace(): Promise<void> {
    for (const [p, text] of touched) {
      if (text === undefined) await unlink(p).catch(() => undefined);
      else await writeFile(p, text);
    }
    touched.clear();
  }

  beforeAll(async () => {
    unlock = await lockLab();
    await ensureLabUp();
    dir = await mkdtemp('/var/lib/cx-deploy-lab-');
    ({ config, file } = await canaryConfig(labState().configPath, dir, CANARY_CONFIG));
    workspace = config.project.workspace;
    await edit('.env', `API_TOKEN=${CANARY_ENV}\n`);
  }, T);

  afterAll(async () => {
    try {
      await resetFaults();
      await restoreWorkspace();
      // The original content released again: the stack serves what it served before.
      const { outcome } = await deployOnce(config, file, dir);
      if (!outcome.ok) throw new Error(`could not restore the lab: ${outcome.message}`);
    } finally {
      sshPool.closeAll();
      await rm(dir, { recursive: true, force: true });
      await unlock?.();
    }
  }, T);

  it('a release (adopting a plain directory on a fresh lab) and an incremental one',
    () => withLabLock(async () => {
      const first = await deployOnce(config, file, dir);
      expect(first.outcome.message).toMatch(/^released /);
      const host = await hostLayout(first.ctx);
      expect(host.kind).toBe('link');
      expect(host.current).toBe(first.outcome.plan!.releaseId);

      const marker = `cx-build-${Date.now()}`;
      const index = await readFile(path.join(workspace, 'app/frontend/build/index.html'), 'utf8');
      await edit('app/frontend/build/index.html', index.replace('</body>',
        `<!-- ${marker} --></body>`));
      const second = await deployOnce(config, file, dir);
      expect(second.outcome.ok, second.outcome.message).toBe(true);
      expect(second.outcome.plan!.changes.changed).toEqual(['app/frontend/build/index.html']);
      expect((await gateway(config, '/')).body).toContain(marker);
      expect((await gateway(config, config.backend.healthPath)).status).toBe(200);
      expect(await locked(second.ctx)).toBe(false);
    }), T);

  it('a failing migration rolls back; the previous release serves; both are audited',
    () => withLabLock(async () => {
      await edit('app/ai-hub/app/db/migrations/003_broken.sql', 'CREATE TABLE users (x);\n');
      const run = await deployOnce(config, file, dir);
      await restoreWorkspace();
      expect(run.outcome.result, run.outcome.message).toBe('rolled-back');
      const host = await hostLayout(run.ctx);
      expect(host.current).toBe(run.outcome.plan!.currentRelease);
      expect((await gateway(config, config.backend.healthPath)).status).toBe(200);
      expect(run.sink.events.join('\n')).toMatch(/migration 003 failed/);
      const audit = (await hostAudit(run.ctx)).records
        .filter((r) => r.releaseId === run.outcome.plan!.releaseId ||
          r.previousId === run.outcome.plan!.releaseId);
      expect(audit.map((r) => `${r.event}:${r.result}`).sort())
        .toEqual(['release:rolled-back', 'rollback:ok']);
    }), T);

  it('pruning removes old releases and the images only they named, nothing a kept one needs',
    () => withLabLock(async () => {
      const keep2 = { ...config, project: { ...config.project, keepReleases: 2 } };
      const mainPy = 'app/ai-hub/app/main.py';
      const source = await readFile(path.join(workspace, mainPy), 'utf8');
      const ids: string[] = [];
      let last: Awaited<ReturnType<typeof deployOnce>> | undefined;
      for (const n of [1, 2, 3]) {
        // A backend change each time, so each release builds and tags a backend image.
        await edit(mainPy, `${source}# prune test ${n} ${Date.now()}\n`);
        last = await deployOnce(keep2, file, dir);
        expect(last.outcome.ok, last.outcome.message).toBe(true);
        ids.push(last.outcome.plan!.releaseId);
      }

      const ctx = last!.ctx;
      expect((await hostLayout(ctx)).releases).toEqual(ids.slice(1));
      const images = (await ctx.conn.exec(['docker', 'image', 'ls', '--format',
        '{{.Repository}}:{{.Tag}}'], { timeoutMs: 20_000 })).stdout.split('\n');
      const tagged = (id: string) => images.filter((i) => i.startsWith('cortex-ops/')
        && i.endsWith(`:${id}`));
      // Every image a kept release names is still there: each can be rolled back to.
      const needed = new Set<string>();
      for (const id of ids.slice(1)) {
        const override = await ctx.conn.exec(['cat', `${ctx.layout.releases}/${id}/` +
          'cortex-ops.release.yml'], { timeoutMs: 20_000 });
        const named = [...override.stdout.matchAll(/image: (\S+)/g)].map((m) => m[1]!);
        expect(named.length).toBeGreaterThan(0);
        for (const image of named) needed.add(image);
      }
      // A name without a tag (an image the old scripts built) is listed as :latest.
      for (const image of needed) {
        expect(images).toContain(/:[^/]+$/.test(image) ? image : `${image}:latest`);
      }
      // The pruned release's own images are gone, except one a kept release still runs
      // (a service that did not change keeps the tag it was first built with).
      expect(tagged(ids[0]!).filter((i) => !needed.has(i))).toEqual([]);
      const removed = last!.sink.events.filter((e) => e.includes('removed image(s)')).join('\n');
      expect(removed).toContain(`:${ids[0]}`);
    }), T);

  it('a build that fails leaves no image tagged for the release that never served',
    () => withLabLock(async () => {
      const mainPy = path.join(workspace, 'app/ai-hub/app/main.py');
      const dockerfile = path.join(workspace, 'app/frontend/Dockerfile');
      const originals = [[mainPy, await readFile(mainPy, 'utf8')],
        [dockerfile, await readFile(dockerfile, 'utf8')]] as const;
      await writeFile(mainPy, `${originals[0][1]}# unserved ${Date.now()}\n`);
      // The backend builds first (the frontend depends on it); then the frontend fails.
      await writeFile(dockerfile, `${originals[1][1]}RUN false\n`);
      try {
        const run = await deployOnce(config, file, dir);
        expect(run.outcome.result, run.outcome.message).toBe('failed');
        const id = run.outcome.plan!.releaseId;
        const events = run.sink.events.join('\n');
        expect(events).toContain(`Successfully tagged cortex-ops/cortex-hub-backend:${id}`);
        expect(events).toContain(`removed image(s) cortex-ops/cortex-hub-backend:${id}`);
        const images = (await run.ctx.conn.exec(['docker', 'image', 'ls', '--format',
          '{{.Repository}}:{{.Tag}}'], { timeoutMs: 20_000 })).stdout;
        expect(images).not.toContain(`:${id}`);
        expect((await gateway(config, config.backend.healthPath)).status).toBe(200);
      } finally {
        // The broken Dockerfile must not reach the tests after this one.
        for (const [p, text] of originals) await writeFile(p, text);
      }
    }), T);

  it('two deploys at once: one is refused and names the holder', () => withLabLock(async () => {
    const [a, b] = await Promise.all([deployOnce(config, file, dir),
      deployOnce(config, file, dir)]);
    const refused = [a, b].filter((r) => /another deploy is running/.test(r.outcome.message));
    expect(refused).toHaveLength(1);
    expect(refused[0]!.outcome.message).toMatch(/\(pid \d+\), release \d{8}T\d{6}Z-/);
    expect([a, b].filter((r) => r.outcome.ok)).toHaveLength(1);
    expect(await locked(a.ctx)).toBe(false);
  }), T);

  for (const step of ['sync', 'build', 'verify'] as const) {
    it(`cancelled during ${step}: lock released, the previous release serves`,
      () => withLabLock(async () => {
        await edit('VERSION', `cancel-${step}-${Date.now()}\n`);
        const before = await hostLayout((await deployOnce(config, file, dir,
          { dryRun: true })).ctx);
        const run = await deployOnce(config, file, dir, { abortAt: step });
        expect(run.outcome.result, run.outcome.message).toBe('aborted');
        expect(await locked(run.ctx)).toBe(false);
        const after = await hostLayout(run.ctx);
        expect(after.current).toBe(before.current);
        // A release stopped after the switch was rolled back and stays listed, not current.
        const extra = step === 'verify' ? [run.outcome.plan!.releaseId] : [];
        expect(after.releases).toEqual([...before.releases, ...extra].sort());
        expect((await gateway(config, config.backend.healthPath)).status).toBe(200);
      }), T);
  }

  it('ssh dropped during rsync: a clear error, no switch', () => withLabLock(async () => {
    // Incompressible and large enough that the relay is cut while rsync is still sending.
    await edit('big.bin', randomBytes(48 * 1024 * 1024).toString('base64'));
    const before = await hostLayout((await deployOnce(config, file, dir, { dryRun: true })).ctx);
    let run;
    try {
      run = await deployOnce(config, file, dir, {
        onStep: (id) => { if (id === 'sync') void setFault('ssh-drop', true); },
      });
    } finally {
      await setFault('ssh-drop', false);
    }

    expect(run.outcome.ok).toBe(false);
    expect(run.outcome.message).toMatch(/ssh failed, not rsync|connection/i);
    const state = await readLock({ ...run.ctx, signal: new AbortController().signal });
    if (state.info) {
      await run.ctx.conn.exec(lockReleaseArgv(run.ctx.layout.lock, state.info.token));
    }

    const after = await hostLayout(run.ctx);
    expect(after.current).toBe(before.current);
    expect((await gateway(config, config.backend.healthPath)).status).toBe(200);
  }), T);

  it('Docker down: stopped at preflight, nothing changed', () => withLabLock(async () => {
    const before = await hostLayout((await deployOnce(config, file, dir, { dryRun: true })).ctx);
    let run;
    await setFault('dockerd-down', true);
    try {
      run = await deployOnce(config, file, dir);
    } finally {
      await setFault('dockerd-down', false);
    }

    expect(run.outcome.message).toMatch(/Docker is not reachable on the host/);
    expect(run.sink.events.some((e) => e.startsWith('step lock'))).toBe(false);
    expect(await hostLayout(run.ctx)).toEqual({ ...before, freeKb: expect.any(Number) });
  }), T);

  it('canary secrets never reach the screen, the audit, the history or the process list',
    () => withLabLock(async () => {
      await edit('VERSION', `canary-${Date.now()}\n`);
      const ps = sampleProcesses();
      const run = await deployOnce(config, file, dir);
      const processes = await ps.stop();
      expect(run.outcome.ok, run.outcome.message).toBe(true);
      const places = [run.sink.events.join('\n'), (await hostAudit(run.ctx)).text,
        await readFile(path.join(dir, 'history.jsonl'), 'utf8'), processes];
      for (const text of places) {
        expect(text).not.toContain(CANARY_ENV);
        expect(text).not.toContain(CANARY_CONFIG);
      }
      expect(processes).toContain('rsync');
    }), T);
});
