/**
 * The lab itself (issue 3, "What it must show"): a real sshd, rsync, dockerd with compose,
 * nginx, uvicorn and the Envoy stand-in on loopback, and faults that really break them.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import WebSocket from 'ws';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configSchema, type Config } from '../../src/config/schema.js';
import { request } from '../support/http.js';
import {
  ensureLabUp, labAvailable, lockLab, resetFaults, setFault, type LabState,
} from '../support/lab.js';

const lab = labAvailable();
if (!lab.ok) console.log(`[lab] skipped test/lab/lab.test.ts: ${lab.reason}`);

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

function run(cmd: string, args: string[], timeoutMs = 120_000): Promise<Ran> {
  return new Promise((resolve) => {
    execFile(cmd, args, { timeout: timeoutMs, maxBuffer: 8 << 20 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
  });
}

/** ssh options exactly as the lab config describes the host, host key checked strictly. */
function sshOptions(cfg: Config): string[] {
  return [
    '-p', String(cfg.ssh.port), '-i', cfg.ssh.identityFile ?? '', '-o', 'IdentitiesOnly=yes',
    '-o', 'BatchMode=yes', '-o', `UserKnownHostsFile=${cfg.ssh.knownHostsFile}`,
    '-o', 'StrictHostKeyChecking=yes', '-o', 'ConnectTimeout=10',
  ];
}

function remote(cfg: Config, command: string): Promise<Ran> {
  return run('ssh', [...sshOptions(cfg), `${cfg.ssh.user}@${cfg.ssh.host}`, command]);
}

/** Opens a WebSocket, sends one message and resolves with the echo, or the HTTP status. */
function wsEcho(url: string, message: string): Promise<{ status: number; echo?: string }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { handshakeTimeout: 5000 });
    ws.on('open', () => ws.send(message));
    ws.on('message', (data) => {
      resolve({ status: 101, echo: String(data) });
      ws.close();
    });
    ws.on('unexpected-response', (_req, res) => {
      resolve({ status: res.statusCode ?? 0 });
      res.resume();
      ws.terminate();
    });
    ws.on('error', reject);
  });
}

describe.skipIf(!lab.ok)('the lab', () => {
  let state: LabState;
  let cfg: Config;
  let ca: string;
  let unlock: (() => Promise<void>) | undefined;

  const gateway = (p: string): string => `http://${cfg.gateway.host}:${cfg.gateway.port}${p}`;
  const edge = (p: string): string => `${cfg.edge.publicUrl}${p}`;

  async function expectHealthy(): Promise<void> {
    expect((await request(gateway('/api/v1/health'))).status).toBe(200);
    expect((await request(edge('/api/v1/health'), { ca })).status).toBe(200);
  }

  beforeAll(async () => {
    unlock = await lockLab();
    state = await ensureLabUp();
    await resetFaults();
    cfg = configSchema.parse(parse(await readFile(state.configPath, 'utf8')));
    ca = await readFile(cfg.edge.caFile ?? '', 'utf8');
  }, 600_000);

  afterAll(async () => {
    try {
      if (state) await resetFaults();
    } finally {
      await unlock?.();
    }
  }, 300_000);

  it('writes a valid config for the lab', () => {
    expect(cfg.environment).toBe('lab');
    expect(cfg.ssh.port).toBe(state.ports.ssh);
    expect(cfg.edge.publicUrl).toBe(`https://localhost:${state.ports.edge}`);
    expect(cfg.project.remoteDir).toBe(state.remoteDir);
  });

  it('rsyncs a tree over the lab sshd and runs compose there', async () => {
    const tree = await mkdtemp(path.join(tmpdir(), 'lab-tree-'));
    const token = randomBytes(8).toString('hex');
    try {
      await run('cp', ['-a', `${cfg.project.workspace}/.`, tree]);
      await writeFile(path.join(tree, 'LAB_TEST_MARKER'), `${token}\n`);
      const rsync = await run('rsync', ['-a', '--exclude', '/data',
        '-e', ['ssh', ...sshOptions(cfg)].join(' '),
        `${tree}/`, `${cfg.ssh.user}@${cfg.ssh.host}:${cfg.project.remoteDir}/`]);
      expect(rsync.stderr).toBe('');
      expect(rsync.code).toBe(0);

      const marker = await remote(cfg, `cat ${cfg.project.remoteDir}/LAB_TEST_MARKER`);
      expect(marker.stdout.trim()).toBe(token);
      const up = await remote(cfg, `cd ${cfg.project.remoteDir} && ` +
        `docker-compose -p ${cfg.project.projectName} up -d --build`);
      expect(up.code, up.stderr).toBe(0);
      const ps = await remote(cfg, "docker ps --format '{{.Names}}'");
      expect(ps.stdout.split('\n')).toEqual(
        expect.arrayContaining([cfg.gateway.container, cfg.backend.container]));
    } finally {
      await remote(cfg, `rm -f ${cfg.project.remoteDir}/LAB_TEST_MARKER`);
      await rm(tree, { recursive: true, force: true });
    }
  });

  it('answers / and /api/v1/health through the gateway', async () => {
    const page = await request(gateway('/'));
    expect(page.status).toBe(200);
    expect(page.body).toContain('cortex-build');
    const health = await request(gateway('/api/v1/health'));
    expect(health.status).toBe(200);
    expect(JSON.parse(health.body)).toMatchObject({ status: 'ok', service: 'ai_hub_service' });
  });

  it('keeps https in the login redirect through the edge, and flips with oidc-scheme', async () => {
    const login = edge(cfg.backend.loginPath);
    const before = await request(login, { ca });
    expect(before.status).toBe(302);
    expect(before.headers.location).toMatch(/^https:\/\/localhost:\d+\/api\/v1\/auth\/callback/);

    await setFault('oidc-scheme', true);
    const broken = await request(login, { ca });
    expect(broken.status).toBe(302);
    expect(broken.headers.location).toMatch(/^http:\/\/localhost:\d+\//);

    await setFault('oidc-scheme', false);
    expect((await request(login, { ca })).headers.location).toMatch(/^https:\/\//);
    await expectHealthy();
  });

  it('upgrades a WebSocket through the gateway, and not with ws-upgrade on', async () => {
    const url = `ws://${cfg.gateway.host}:${cfg.gateway.port}${cfg.backend.wsPath}`;
    expect(await wsEcho(url, 'hello lab')).toEqual({ status: 101, echo: 'hello lab' });

    await setFault('ws-upgrade', true);
    const broken = await wsEcho(url, 'hello lab');
    expect(broken.status).not.toBe(101);

    await setFault('ws-upgrade', false);
    expect(await wsEcho(url, 'again')).toEqual({ status: 101, echo: 'again' });
    await expectHealthy();
  });

  it('fails compose up with the port message under port-collision', async () => {
    await setFault('port-collision', true);
    const up = await remote(cfg, `cd ${cfg.project.remoteDir} && ` +
      `docker-compose -p ${cfg.project.projectName} up -d`);
    expect(up.code).not.toBe(0);
    expect(up.stderr).toContain(
      `Bind for 0.0.0.0:${cfg.gateway.port} failed: port is already allocated`);

    await setFault('port-collision', false);
    await expectHealthy();
  });

  it('answers 503 from envoy at the edge under cluster-port', async () => {
    await setFault('cluster-port', true);
    const res = await request(edge('/'), { ca });
    expect(res.status).toBe(503);
    expect(res.headers.server).toBe('envoy');

    await setFault('cluster-port', false);
    expect((await request(edge('/'), { ca })).status).toBe(200);
    await expectHealthy();
  });
});
