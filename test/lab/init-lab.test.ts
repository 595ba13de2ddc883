/**
 * First-time setup against the lab, as a newcomer would do it: `cortex-ops init` in a real
 * pseudo-terminal writes a config for the lab's workspace and host, and `status` and
 * `deploy` then use that file without edits.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { BIN, bundleBuilt, runBinary } from '../support/binary.js';
import { ensureLabUp, labAvailable, lockLab, type LabState } from '../support/lab.js';
import { TmuxSession, tmuxAvailable } from '../support/tmux.js';

const lab = labAvailable();
if (!lab.ok) console.warn(`skipping test/lab/init-lab.test.ts: ${lab.reason}`);

describe.skipIf(!lab.ok || !tmuxAvailable() || !bundleBuilt())('init on the lab', () => {
  let state: LabState;
  let unlock: (() => Promise<void>) | undefined;
  let dir: string;
  let tmux: TmuxSession | undefined;

  beforeAll(async () => {
    state = await ensureLabUp();
    unlock = await lockLab();
    dir = await mkdtemp(join(tmpdir(), 'cx-init-lab-'));
  }, 300_000);

  afterAll(async () => {
    tmux?.kill();
    await unlock?.();
    await rm(dir, { recursive: true, force: true });
  });

  it('writes a config that status and deploy use as it is', async () => {
    const file = join(dir, 'cortex-ops.yaml');
    const knownHosts = join(dir, 'known_hosts');
    tmux = new TmuxSession(`${process.execPath} ${BIN} init ${state.workspace} --config ${file}`,
      { columns: 120, rows: 40, env: { HOME: dir, LANG: 'C.UTF-8' } });
    const answer = async (prompt: string, text: string): Promise<void> => {
      const screen = await tmux!.waitFor((s) => s.includes(prompt), 30_000);
      expect(screen).toContain(prompt);
      if (text) tmux!.keys('-l', text);
      tmux!.keys('Enter');
    };

    await answer('Environment name [production]', 'lab');
    await answer('Is this a production target? [y/N]', '');
    await answer('SSH host', '127.0.0.1');
    await answer('SSH port [22]', String(state.ports.ssh));
    await answer('SSH user', state.user);
    await answer('Private key file', state.identityFile);
    await answer('known_hosts file', knownHosts);
    await answer('Project directory on the host', state.remoteDir);
    await answer('Gateway host', '');
    await answer('Gateway published port [8002]', '');
    await answer('Envoy control plane URL', `http://127.0.0.1:${state.ports.control}`);
    await answer('Envoy admin URL', `http://127.0.0.1:${state.ports.admin}`);
    await answer('Public URL', `https://localhost:${state.ports.edge}`);
    await answer('Envoy cluster of the gateway [_ai_unified_server]', '');
    await answer('Private CA file', state.caFile);
    const question = await tmux.waitFor((s) => s.includes('Trust it'), 30_000);
    expect(question).toMatch(/SHA256:\S+/);
    tmux.keys('-l', 'y');
    tmux.keys('Enter');
    const done = await tmux.waitFor((s) => s.includes('[exited'), 30_000);
    expect(done).toContain('host key verified');
    expect(done).toContain('[exited 0]');

    const { config } = loadConfig(file);
    expect(config.ssh).toMatchObject({ port: state.ports.ssh, user: state.user });
    expect(await readFile(knownHosts, 'utf8')).toContain(`[127.0.0.1]:${state.ports.ssh}`);

    const status = await runBinary(['status', '--config', file, '--json'], { timeoutMs: 90_000 });
    expect(status.stderr).toBe('');
    expect(JSON.parse(status.stdout).overall).not.toBe('failing');
    expect(status.code).toBe(0);

    const deploy = await runBinary(['deploy', '--config', file, '--yes'], { timeoutMs: 600_000 });
    expect(deploy.code, deploy.stdout + deploy.stderr).toBe(0);
    expect(deploy.stdout).toContain('cortex-ops deploy: ');
  }, 900_000);
});
