/**
 * The demo's FastAPI stand-in: the same endpoints the real backend exposes, answering as
 * uvicorn with --proxy-headers would (the login redirect takes its scheme from
 * X-Forwarded-Proto).
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import { acceptEcho } from './websocket.js';

export interface DemoBackendOptions {
  healthPath: string;
  loginPath: string;
  wsPath: string;
  version: string;
  log: (line: string) => void;
}

function send(res: ServerResponse, status: number, body: unknown, headers = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', server: 'uvicorn', ...headers });
  res.end(text);
}

function handle(opts: DemoBackendOptions, req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url ?? '/', 'http://backend');
  const scheme = String(req.headers['x-forwarded-proto'] ?? 'http').split(',')[0]!.trim();
  const host = String(req.headers['x-forwarded-host'] ?? req.headers.host ?? 'localhost');
  opts.log(`INFO:     ${req.socket.remoteAddress} - "${req.method} ${url.pathname} HTTP/1.1"`);
  if (url.pathname === opts.healthPath) {
    return send(res, 200, { status: 'ok', version: opts.version, migrations: 'up to date' });
  }

  if (url.pathname === opts.loginPath) {
    const callback = `${scheme}://${host}/api/v1/auth/callback`;
    const location = `${callback}?state=demo`;
    res.writeHead(307, { location, server: 'uvicorn', 'content-length': 0 });
    return void res.end();
  }

  if (url.pathname === opts.wsPath) {
    return send(res, 400, { detail: 'expected a WebSocket upgrade' });
  }

  if (url.pathname === '/api/v1/echo' && req.method === 'POST') {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => send(res, 200, { echo: Buffer.concat(chunks).toString('utf8') }));
    return;
  }

  return send(res, 404, { detail: 'Not Found' });
}

/** Creates the backend server (not yet listening). */
export function createDemoBackend(opts: DemoBackendOptions): http.Server {
  const server = http.createServer((req, res) => handle(opts, req, res));
  server.on('upgrade', (req: IncomingMessage, socket, _head) => {
    const url = new URL(req.url ?? '/', 'http://backend');
    if (url.pathname !== opts.wsPath) {
      socket.end('HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\n\r\n');
      return;
    }

    opts.log(`INFO:     ${req.socket.remoteAddress} - "WebSocket ${url.pathname}" [accepted]`);
    acceptEcho(req, socket);
  });
  return server;
}
