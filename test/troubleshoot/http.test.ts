import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { probe, ProbeError, wsHandshake } from '../../src/workflows/runbooks/http.js';

describe('the probes', () => {
  let silent: net.Server;
  let web: http.Server;
  const sockets = new Set<net.Socket>();
  let silentUrl = '';
  let webUrl = '';

  beforeAll(async () => {
    silent = net.createServer((s) => void sockets.add(s));
    web = http.createServer((req, res) => {
      res.writeHead(302, { location: `https://example.test${req.url}` });
      res.end();
    });
    web.on('upgrade', (_req, socket) => socket.end('HTTP/1.1 101 Switching Protocols\r\n' +
      'upgrade: websocket\r\nconnection: Upgrade\r\n\r\n'));
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    await new Promise<void>((r) => web.listen(0, '127.0.0.1', r));
    silentUrl = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/`;
    webUrl = `http://127.0.0.1:${(web.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    for (const s of sockets) s.destroy();
    await new Promise((r) => silent.close(r));
    web.closeAllConnections();
    await new Promise((r) => web.close(r));
  });

  const opts = { signal: new AbortController().signal, timeoutMs: 300 };

  it('returns a redirect without following it', async () => {
    const res = await probe(`${webUrl}/login`, opts);
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('https://example.test/login');
  });

  it('gives up on a server that never answers, with a one-line ProbeError', async () => {
    const err = await probe(silentUrl, opts).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProbeError);
    expect((err as Error).message).toMatch(/did not answer within 0.3 s/);
  });

  it('stops when the caller aborts', async () => {
    const ctl = new AbortController();
    const pending = probe(silentUrl, { signal: ctl.signal, timeoutMs: 60_000 });
    ctl.abort();
    await expect(pending).rejects.toBeInstanceOf(ProbeError);
  });

  it('reads 101 from a WebSocket handshake', async () => {
    expect(await wsHandshake(`${webUrl}/ws`, opts)).toBe(101);
  });

  it('reports a refused connection', async () => {
    const closed = net.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const err = await probe(`http://127.0.0.1:${port}/`, opts).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProbeError);
  });
});
