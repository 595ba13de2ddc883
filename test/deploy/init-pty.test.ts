/**
 * `cortex-ops init` in a real pseudo-terminal (tmux) against a real sshd: the prompts, the
 * host key question, the written config loading back.
 */
import { mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { startSshd, type Sshd } from '../support/sshd.js';
import { TmuxSession, tmuxAvailable } from '../support/tmux.js';
import { REPO } from '../support/binary.js';
import { sampleWorkspace, scratchRoot } from './helpers.js';

describe.skipIf(!tmuxAvailable())('cortex-ops init in a pty', () => {
  let sshd: Sshd;
  let root: string;
  let tmux: TmuxSession | undefined;
  beforeAll(async () => {
    sshd = await startSshd();
    root = await scratchRoot();
  });
  afterAll(async () => {
    tmux?.kill();
    await sshd?.stop();
    await rm(root, { recursive: true, force: true });
  });

  it('discovers, asks, checks the host key with the user, writes a loadable config',
    async () => {
      const ws = await sampleWorkspace(root, 'pty-canary-123456');
      const home = join(root, 'home');
      await mkdir(home);
      const knownHosts = join(root, 'known_hosts');
      tmux = new TmuxSession(`cd ${ws} && ${join(REPO, 'node_modules/.bin/tsx')} ` +
        `${join(REPO, 'src/cli.ts')} init`, { columns: 120, rows: 40, env: { HOME: home } });
      const answer = async (prompt: string, text: string): Promise<void> => {
        const screen = await tmux!.waitFor((s) => s.includes(prompt), 20_000);
        expect(screen).toContain(prompt);
        if (text) tmux!.keys('-l', text);
        tmux!.keys('Enter');
      };

      await answer('Environment name [production]', 'staging');
      await answer('Is this a production target? [y/N]', '');
      await answer('SSH host', '127.0.0.1');
      await answer('SSH port [22]', String(sshd.port));
      await answer('SSH user [coder]', 'root');
      await answer('Private key file', sshd.clientKeyPath);
      await answer('known_hosts file', knownHosts);
      await answer('Project directory on the host', '/tmp/app');
      await answer('is under /tmp', '/srv/cx-init-test/app');
      await answer('Gateway host', '');
      await answer('Gateway published port [8002]', '');
      await answer('Envoy control plane URL', 'http://127.0.0.1:58090');
      await answer('Envoy admin URL', 'http://127.0.0.1:59901');
      await answer('Public URL', 'https://localhost:50443');
      await answer('Envoy cluster of the gateway [_ai_unified_server]', '');
      await answer('Private CA file', '');
      const screen = await tmux.waitFor((s) => s.includes('Trust it'), 20_000);
      expect(screen).toMatch(/SHA256:\S+/);
      tmux.keys('-l', 'y');
      tmux.keys('Enter');
      const done = await tmux.waitFor((s) => s.includes('[exited'), 20_000);
      expect(done).toContain('host key verified');
      expect(done).toContain('[exited 0]');
      expect(done).toContain('gateway: service frontend on port 8002');

      const { config } = loadConfig(join(ws, 'cortex-ops.yaml'));
      expect(config).toMatchObject({ environment: 'staging', production: false });
      expect(config.ssh).toMatchObject({ host: '127.0.0.1', port: sshd.port, user: 'root',
        identityFile: sshd.clientKeyPath, knownHostsFile: knownHosts, agent: false });
      expect(config.project.remoteDir).toBe('/srv/cx-init-test/app');
      expect(config.project.workspace).toBe(ws);
      expect(await readFile(knownHosts, 'utf8')).toContain(sshd.hostKeyPub.split(' ')[1]);
    }, 120_000);
});
