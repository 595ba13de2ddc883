import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { AddressInfo } from 'node:net';
import { startDemoStack, type DemoStack } from '../../src/demo/stack.js';
import {
  caDispatcher, dialerDispatcher, httpProbe,
} from '../../src/services/probes/http.js';
import { wsProbe, expectedAccept, parseHead } from '../../src/services/probes/websocket.js';
import { certificateProbe, daysUntil } from '../../src/services/probes/certificate.js';
import { ProbeError } from '../../src/services/probes/errors.js';
import { SshConnection } from '../../src/services/ssh/connection.js';
import { startSshd, type Sshd } from '../support/sshd.js';
import { deadPort, httpServer, rawServer, silentServer, type Loopback } from './loopback.js';

const run = promisify(execFile);
let demo: DemoStack;
const servers: Loopback[] = [];

beforeAll(async () => {
  demo = await startDemoStack();
});

afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  await demo.stop();
});

const gw = (): string => `http://${demo.config.gateway.host}:${demo.config.gateway.port}`;

describe('http probe', () => {
  it('reports status, latency, server and Location', async () => {
    const res = await httpProbe(`${gw()}/api/v1/auth/login`,
      { headers: { 'x-forwarded-proto': 'https' } });
    expect(res.status).toBe(307);
    expect(res.server).toBe('nginx');
    expect(res.location).toMatch(/^https:\/\//);
    expect(res.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it('a server that accepts and never answers times out on the probe deadline', async () => {
    const s = await silentServer();
    servers.push(s);
    const err = await httpProbe(s.url, { timeoutMs: 250 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProbeError);
    expect((err as ProbeError).kind).toBe('timeout');
  });

  it('garbage bytes are a protocol error, not a crash', async () => {
    const s = await rawServer('SSH-2.0-OpenSSH_9.2\r\nnot http at all\r\n');
    servers.push(s);
    const err = await httpProbe(s.url, { timeoutMs: 2000 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProbeError);
    expect(['protocol', 'reset']).toContain((err as ProbeError).kind);
  });

  it('a refused port says refused', async () => {
    const port = await deadPort();
    await expect(httpProbe(`http://127.0.0.1:${port}/`)).rejects.toMatchObject({ kind: 'refused' });
  });

  it('keeps only the first bytes of a large body', async () => {
    const s = await httpServer((_q, r) => r.end('x'.repeat(200_000)));
    servers.push(s);
    const res = await httpProbe(s.url, { maxBodyBytes: 1000 });
    expect(res.body.length).toBe(1000);
  });
});

describe('websocket probe', () => {
  it('expects 101 with the right accept key through the gateway', async () => {
    const ok = await wsProbe(`${gw()}/api/v1/ws`.replace('http', 'ws'));
    expect(ok).toMatchObject({ status: 101, upgraded: true });
    await demo.setFault('ws-upgrade', true);
    try {
      const broken = await wsProbe(`${gw()}/api/v1/ws`.replace('http', 'ws'));
      expect(broken.upgraded).toBe(false);
      expect(broken.status).toBe(400);
    } finally {
      await demo.setFault('ws-upgrade', false);
    }
  });

  it('parses heads and accept keys', () => {
    expect(expectedAccept('dGhlIHNhbXBsZSBub25jZQ==')).toBe('s3pPLMBiTxaQ9kYGzzhZRbK+xOo=');
    expect(parseHead('HTTP/1.1 101 Switching\r\nUpgrade: websocket')).toEqual({
      status: 101, headers: { upgrade: 'websocket' },
    });
    expect(parseHead('garbage')).toBeUndefined();
  });

  it('a silent server times out', async () => {
    const s = await silentServer();
    servers.push(s);
    await expect(wsProbe(s.url.replace('http', 'ws'), { timeoutMs: 200 }))
      .rejects.toMatchObject({ kind: 'timeout' });
  });
});

describe('certificate probe', () => {
  let dir: string;
  let server: https.Server;
  let url: string;
  let ca: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cortex-cert-'));
    const f = (n: string): string => join(dir, n);
    await run('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '30',
      '-subj', '/CN=cortex-test-ca', '-keyout', f('ca.key'), '-out', f('ca.pem')]);
    await run('openssl', ['req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=localhost',
      '-keyout', f('key.pem'), '-out', f('cert.csr')]);
    await writeFile(f('ext.cnf'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
    await run('openssl', ['x509', '-req', '-in', f('cert.csr'), '-CA', f('ca.pem'), '-CAkey',
      f('ca.key'), '-CAcreateserial', '-days', '10', '-extfile', f('ext.cnf'),
      '-out', f('cert.pem')]);
    ca = await readFile(f('ca.pem'), 'utf8');
    const tls = { cert: await readFile(f('cert.pem')), key: await readFile(f('key.pem')) };
    server = https.createServer(tls, (_q, r) => r.end('ok'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await rm(dir, { recursive: true, force: true });
  });

  it('reports days left and trust with the private CA', async () => {
    const trusted = await certificateProbe(url, { ca });
    expect(trusted.trusted).toBe(true);
    expect([9, 10]).toContain(trusted.daysLeft);
    const untrusted = await certificateProbe(url);
    expect(untrusted.trusted).toBe(false);
    expect(untrusted.trustError).toMatch(/CERT|SIGN|ISSUER/);
  });

  it('http probes honour a CA dispatcher', async () => {
    const res = await httpProbe(url, { dispatcher: caDispatcher(ca) });
    expect(res.status).toBe(200);
    await expect(httpProbe(url)).rejects.toMatchObject({ kind: 'tls' });
  });

  it('counts days', () => {
    expect(daysUntil('Jan 11 00:00:00 2030 GMT', Date.UTC(2030, 0, 1))).toBe(10);
    expect(daysUntil('Jan 1 00:00:00 2030 GMT', Date.UTC(2030, 0, 3))).toBe(-2);
  });
});

describe('probing through an SSH forward', () => {
  let sshd: Sshd;
  let conn: SshConnection;
  let khDir: string;

  beforeAll(async () => {
    sshd = await startSshd();
    khDir = await mkdtemp(join(tmpdir(), 'cortex-kh-'));
    await writeFile(join(khDir, 'known_hosts'), sshd.knownHostsLine + '\n');
    conn = new SshConnection({
      host: '127.0.0.1', hostname: '127.0.0.1', port: sshd.port, user: 'root',
      identityFile: sshd.clientKeyPath, identitiesOnly: true,
      knownHostsFile: join(khDir, 'known_hosts'), agent: false, connectTimeoutSec: 10,
    }, { onUnknownHost: async () => false });
  });

  afterAll(async () => {
    conn.close();
    await sshd.stop();
    await rm(khDir, { recursive: true, force: true });
  });

  it('reaches an address only the host sees (the demo backend on 127.0.0.2)', async () => {
    const { port, healthPath } = demo.config.backend;
    const dispatcher = dialerDispatcher((signal) => conn.forwardOut('127.0.0.2', port, signal));
    const res = await httpProbe(`http://127.0.0.2:${port}${healthPath}`,
      { dispatcher, timeoutMs: 20_000 });
    expect(res.status).toBe(200);
    expect(res.server).toBe('uvicorn');
    const ws = await wsProbe(`ws://127.0.0.2:${port}/api/v1/ws`,
      { dial: (signal) => conn.forwardOut('127.0.0.2', port, signal) });
    expect(ws.upgraded).toBe(true);
    // destroy, not close: a graceful close waits for the forwarded channel to end.
    await dispatcher.destroy();
  }, 60_000);

  it('a forward to a dead port fails with a typed error', async () => {
    const port = await deadPort();
    const dispatcher = dialerDispatcher((signal) => conn.forwardOut('127.0.0.1', port, signal));
    const err = await httpProbe(`http://127.0.0.1:${port}/`, { dispatcher, timeoutMs: 3000 })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProbeError);
    // destroy, not close: a graceful close waits for the forwarded channel to end.
    await dispatcher.destroy();
  });
});
