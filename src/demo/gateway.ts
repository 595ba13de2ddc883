/**
 * The demo's Nginx stand-in: serves a static page and proxies /api/v1/ (and WebSocket
 * upgrades) to the backend, passing X-Forwarded-Proto on as the real nginx.conf does. Two
 * switches reproduce the documented nginx pitfalls.
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import net from 'node:net';
import type { Duplex } from 'node:stream';

export interface GatewayBehaviour {
  /** The oidc-scheme pitfall: X-Forwarded-Proto set from $scheme, which is http here. */
  schemeFromConnection: boolean;
  /** The ws-upgrade pitfall: the upgrade map broken, so Upgrade never reaches the backend. */
  upgradeBroken: boolean;
}

export interface DemoGatewayOptions {
  backend: () => { host: string; port: number };
  behaviour: GatewayBehaviour;
  version: string;
  log: (line: string) => void;
}

const INDEX = (version: string): string => `<!doctype html>
<html><head><title>Cortex Hub (demo)</title></head>
<body><div id="root">Cortex Hub demo build ${version}</div></body></html>
`;

function accessLine(req: IncomingMessage, status: number): string {
  const when = new Date().toISOString();
  return `${req.socket.remoteAddress} - - [${when}] "${req.method} ${req.url} ` +
    `HTTP/${req.httpVersion}" ${status} "${req.headers['user-agent'] ?? '-'}"`;
}

function proxyHeaders(req: IncomingMessage, b: GatewayBehaviour): http.OutgoingHttpHeaders {
  const headers: http.OutgoingHttpHeaders = { ...req.headers };
  headers['x-real-ip'] = req.socket.remoteAddress;
  headers['x-forwarded-for'] = req.headers['x-forwarded-for'] ?? req.socket.remoteAddress;
  headers['x-forwarded-proto'] = b.schemeFromConnection
    ? 'http'
    : (req.headers['x-forwarded-proto'] ?? 'http');
  return headers;
}

function badGateway(res: ServerResponse): void {
  res.writeHead(502, { 'content-type': 'text/html', server: 'nginx' });
  res.end('<html><head><title>502 Bad Gateway</title></head><body>' +
    '<center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>\n');
}

function handle(opts: DemoGatewayOptions, req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url ?? '/', 'http://gateway');
  if (!url.pathname.startsWith('/api/v1/')) {
    res.writeHead(200, { 'content-type': 'text/html', server: 'nginx' });
    res.end(INDEX(opts.version));
    opts.log(accessLine(req, 200));
    return;
  }

  const target = opts.backend();
  const headers = proxyHeaders(req, opts.behaviour);
  if (opts.behaviour.upgradeBroken) headers.connection = 'close';
  const upstream = http.request({ ...target, method: req.method, path: req.url, headers });
  upstream.on('response', (up) => {
    res.writeHead(up.statusCode ?? 502, { ...up.headers, server: 'nginx' });
    up.pipe(res);
    opts.log(accessLine(req, up.statusCode ?? 502));
  });
  upstream.on('error', () => {
    badGateway(res);
    opts.log(accessLine(req, 502));
  });
  req.pipe(upstream);
}

function upgrade(opts: DemoGatewayOptions, req: IncomingMessage, client: Duplex, head: Buffer) {
  const b = opts.behaviour;
  if (b.upgradeBroken) {
    // As nginx does without the map: the request goes upstream as plain HTTP, no upgrade.
    const headers = proxyHeaders(req, b);
    delete headers.upgrade;
    headers.connection = 'close';
    const up = http.request({ ...opts.backend(), method: req.method, path: req.url, headers });
    up.on('response', (r) => {
      client.end(`HTTP/1.1 ${r.statusCode} ${r.statusMessage}\r\nserver: nginx\r\n` +
        'content-length: 0\r\nconnection: close\r\n\r\n');
      r.resume();
      opts.log(accessLine(req, r.statusCode ?? 502));
    });
    up.on('error', () => client.destroy());
    up.end();
    return;
  }

  const target = opts.backend();
  const upstream = net.connect(target.port, target.host);
  client.on('error', () => upstream.destroy());
  upstream.on('error', () => client.end('HTTP/1.1 502 Bad Gateway\r\ncontent-length: 0\r\n\r\n'));
  upstream.on('connect', () => {
    const lines = [`${req.method} ${req.url} HTTP/1.1`];
    for (const [k, v] of Object.entries(proxyHeaders(req, b))) lines.push(`${k}: ${String(v)}`);
    upstream.write(lines.join('\r\n') + '\r\n\r\n');
    if (head.length) upstream.write(head);
    upstream.pipe(client);
    client.pipe(upstream);
    opts.log(accessLine(req, 101));
  });
}

/** Creates the gateway server (not yet listening). */
export function createDemoGateway(opts: DemoGatewayOptions): http.Server {
  const server = http.createServer((req, res) => handle(opts, req, res));
  server.on('upgrade', (req: IncomingMessage, socket, head: Buffer) => {
    upgrade(opts, req, socket, head);
  });
  return server;
}
