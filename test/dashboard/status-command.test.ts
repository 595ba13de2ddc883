import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { startSshd, type Sshd } from '../support/sshd.js';
import { deadPort } from './loopback.js';

const ROOT = new URL('../../', import.meta.url).pathname;
// Each test starts the CLI under tsx; on a busy machine that alone can take seconds.
vi.setConfig({ testTimeout: 90_000 });

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function cli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(join(ROOT, 'node_modules/.bin/tsx'), ['src/cli.ts', ...args], {
      cwd: ROOT, env: { ...process.env, NO_COLOR: '1', ...env }, timeout: 60_000,
    }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

let validate: (data: unknown) => boolean;
let errors: () => unknown;

beforeAll(async () => {
  const schema = JSON.parse(await readFile(join(ROOT, 'docs/status.schema.json'), 'utf8'));
  // ajv-formats is not installed; date-time values are checked by hand below.
  const ajv = new Ajv2020({ allErrors: true, strict: true, validateFormats: false });
  const v = ajv.compile(schema);
  validate = (d) => v(d) as boolean;
  errors = () => v.errors;
});

type Json = {
  overall: string;
  requestPath: { status: string; verdict: string; failingHop: string | null };
  panes: Record<string, {
    status: string; checks: { id: string; status: string; words: string }[];
  }>;
};

describe('cortex-ops status on the demo', () => {
  it('prints schema-valid JSON and exits 0 when healthy', async () => {
    const r = await cli(['status', '--demo', '--json']);
    expect(r.stderr).toBe('');
    const json = JSON.parse(r.stdout) as Json;
    expect(validate(json), JSON.stringify(errors())).toBe(true);
    expect(r.code).toBe(0);
    const stamp = (json as unknown as { generatedAt: string }).generatedAt;
    expect(new Date(stamp).toISOString()).toBe(stamp);
    expect(json.requestPath.failingHop).toBeNull();
    for (const pane of ['edge', 'gateway', 'backend']) expect(json.panes[pane]!.status).toBe('ok');
  });

  const faults: [string, string, string, RegExp][] = [
    ['oidc-scheme', 'gateway', 'gateway.login', /login redirects to http:\/\//],
    ['ws-upgrade', 'gateway', 'gateway.ws', /instead of 101/],
    ['port-collision', 'gateway', 'gateway.container', /created, not running/],
    ['cluster-port', 'edge', 'edge.drift',
      /the cluster points at port \d+ while the gateway publishes \d+/],
  ];
  for (const [fault, pane, check, words] of faults) {
    it(`--demo-fault ${fault} fails the ${pane} pane and exits 1`, async () => {
      const r = await cli(['status', '--demo', '--json', '--demo-fault', fault]);
      const json = JSON.parse(r.stdout) as Json;
      expect(validate(json), JSON.stringify(errors())).toBe(true);
      expect(r.code).toBe(1);
      expect(json.panes[pane]!.status).toBe('failing');
      const c = json.panes[pane]!.checks.find((x) => x.id === check)!;
      expect(c.status).toBe('failing');
      expect(c.words).toMatch(words);
      expect(json.requestPath.failingHop).toBe(pane);
    });
  }

  it('prints a table with symbols and words, without colour under NO_COLOR', async () => {
    const r = await cli(['status', '--demo', '--demo-fault', 'ws-upgrade'], { LANG: 'C.UTF-8' });
    expect(r.code).toBe(1);
    expect(r.stdout).not.toContain('\x1b[');
    expect(r.stdout).toMatch(/^Request path {2}✖ the backend answers but the gateway fails/m);
    expect(r.stdout).toMatch(/✖ failing WebSocket +upgrade answered 400/);
  });

  it('--watch --json prints one document per sweep until interrupted', async () => {
    const child = spawn(join(ROOT, 'node_modules/.bin/tsx'),
      ['src/cli.ts', 'status', '--demo', '--json', '--watch'], { cwd: ROOT });
    let out = '';
    const lines = await new Promise<string[]>((resolve) => {
      child.stdout.on('data', (c: Buffer) => {
        out += c.toString();
        const done = out.split('\n').filter(Boolean);
        if (done.length >= 2) {
          child.kill('SIGINT');
          resolve(done);
        }
      });
    });
    const code = await new Promise<number | null>((r) => child.once('exit', r));
    expect(code).toBe(0);
    for (const line of lines) expect(validate(JSON.parse(line)), line).toBe(true);
  });

  it('exits 2 on usage errors', async () => {
    expect((await cli(['status', '--demo', 'extra'])).code).toBe(2);
    expect((await cli(['status', '--demo', '--demo-fault', 'nope'])).code).toBe(2);
  });
});

describe('cortex-ops status and SSH host keys', () => {
  let sshd: Sshd;
  let dir: string;
  let config: string;
  let knownHosts: string;

  beforeAll(async () => {
    sshd = await startSshd();
    dir = await mkdtemp(join(tmpdir(), 'cortex-status-'));
    knownHosts = join(dir, 'known_hosts');
    await writeFile(knownHosts, '');
    const dead = await deadPort();
    config = join(dir, 'cortex-ops.yaml');
    await writeFile(config, [
      'environment: test', 'production: false',
      'edge:', `  controlPlaneUrl: http://127.0.0.1:${dead}`,
      `  adminUrl: http://127.0.0.1:${dead}`,
      `  publicUrl: http://127.0.0.1:${dead}`,
      'gateway:', '  host: 127.0.0.1', `  port: ${dead}`,
      'ssh:', '  host: 127.0.0.1', `  port: ${sshd.port}`, '  user: root',
      `  identityFile: ${sshd.clientKeyPath}`, '  agent: false', `  knownHostsFile: ${knownHosts}`,
      'project:', '  remoteDir: /srv/test',
      'dashboard:', '  probeTimeout: 10', '',
    ].join('\n'));
  });

  afterAll(async () => {
    await sshd.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses an unknown host with --json: one line, exit 2, known_hosts untouched', async () => {
    const r = await cli(['status', '--json', '--config', config]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(
      /host key of 127\.0\.0\.1:\d+ is not known \(SHA256:[\w+/]+\).*--accept-new-host-key/);
    expect(await readFile(knownHosts, 'utf8')).toBe('');
  });

  it('with --accept-new-host-key records the key and sweeps', async () => {
    const r = await cli(['status', '--json', '--accept-new-host-key', '--config', config]);
    const json = JSON.parse(r.stdout) as Json;
    expect(validate(json), JSON.stringify(errors())).toBe(true);
    expect(json.panes.host!.checks.find((c) => c.id === 'host.ssh')!.status).toBe('ok');
    expect(r.code).toBe(1);
    expect(await readFile(knownHosts, 'utf8')).toContain(sshd.hostKeyPub.split(' ')[1]);
  }, 90_000);

  it('refuses a changed host key naming both fingerprints', async () => {
    await sshd.restartWithNewHostKey();
    const before = await readFile(knownHosts, 'utf8');
    const r = await cli(['status', '--json', '--config', config]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/has changed: known SHA256:\S+, presented SHA256:\S+/);
    expect(await readFile(knownHosts, 'utf8')).toBe(before);
  });
});
