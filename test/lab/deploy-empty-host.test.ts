/**
 * A first release to an empty host: a throwaway sshd whose sessions use the lab's dockerd,
 * and a copy of the sample stack renamed so it never touches the lab's own containers.
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config/schema.js';
import { sshPool } from '../../src/services/ssh/connection.js';
import { ensureLabUp, labAvailable, labState, lockLab } from '../support/lab.js';
import { startSshd, type Sshd } from '../support/sshd.js';
import { sampleWorkspace, scratchRoot, sshdConfig } from '../deploy/helpers.js';
import { deployOnce, hostLayout, locked } from '../deploy/lab-helpers.js';

const PORT = 18002;

async function isolate(ws: string): Promise<void> {
  const rename = (t: string) => t.replace(/ai_hub_service/g, 'cxempty_backend')
    .replace(/ai_unified_frontend/g, 'cxempty_frontend');
  const compose = join(ws, 'docker-compose.yml');
  const text = rename(await readFile(compose, 'utf8'));
  await writeFile(compose, text.replace('8002:80', `${PORT}:80`));
  const nginx = join(ws, 'app/frontend/nginx/nginx.conf');
  await writeFile(nginx, rename(await readFile(nginx, 'utf8')));
}

describe.skipIf(!labAvailable().ok)('first release to an empty host', () => {
  let unlock: (() => Promise<void>) | undefined;
  let sshd: Sshd;
  let root: string;
  let config: Config;

  beforeAll(async () => {
    unlock = await lockLab();
    await ensureLabUp();
    sshd = await startSshd({ setEnv: { DOCKER_HOST: labState().dockerHost } });
    root = await scratchRoot();
    const knownHosts = join(root, 'known_hosts');
    await writeFile(knownHosts, `${sshd.knownHostsLine}\n`);
    const workspace = await sampleWorkspace(root, 'empty-host-canary-1234');
    await isolate(workspace);
    await mkdir(join(root, 'host/project'), { recursive: true });
    const base = sshdConfig({ port: sshd.port, key: sshd.clientKeyPath, knownHosts, workspace,
      remoteDir: join(root, 'host/project/app') });
    config = { ...base, gateway: { ...base.gateway, port: PORT, container: 'cxempty_frontend' },
      backend: { ...base.backend, container: 'cxempty_backend' },
      project: { ...base.project, projectName: 'cxempty' } };
  }, 600_000);

  afterAll(async () => {
    try {
      const { ctx } = await deployOnce(config, '', root, { dryRun: true });
      await ctx.conn.exec(['sh', '-c', 'cd "$1" && docker-compose -p cxempty down --rmi all',
        'sh', config.project.remoteDir], { timeoutMs: 120_000 });
    } finally {
      sshPool.closeAll();
      await sshd?.stop();
      await rm(root, { recursive: true, force: true });
      await unlock?.();
    }
  }, 300_000);

  it('releases, serves, and records; a second release changes only the backend',
    async () => {
      const first = await deployOnce(config, '', root);
      expect(first.outcome.ok, first.outcome.message).toBe(true);
      expect(first.outcome.plan!.currentRelease).toBeUndefined();
      const r = await fetch(`http://127.0.0.1:${PORT}/api/v1/health`);
      expect(r.status).toBe(200);
      const host = await hostLayout(first.ctx);
      expect(host).toMatchObject({ kind: 'link', current: first.outcome.plan!.releaseId });
      expect(await locked(first.ctx)).toBe(false);

      const main = join(config.project.workspace, 'app/ai-hub/app/main.py');
      await writeFile(main, `${await readFile(main, 'utf8')}# second release\n`);
      const second = await deployOnce(config, '', root);
      expect(second.outcome.ok, second.outcome.message).toBe(true);
      const lines = second.sink.events.filter((e) => e.startsWith('line release')).join('\n');
      expect(lines).toContain('Recreating cxempty_backend');
      expect(lines).toContain('cxempty_frontend is up-to-date');
      const history = await readFile(join(root, 'history.jsonl'), 'utf8');
      expect(history.trim().split('\n').map((l) => JSON.parse(l).result)).toEqual(['ok', 'ok']);
    }, 600_000);
});
