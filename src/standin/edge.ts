/**
 * The stand-in's edge listener: forwards every request (and WebSocket upgrade) to the
 * endpoint of the routed cluster, the way Envoy's HTTP connection manager would, and answers
 * 503 with `server: envoy` when that endpoint cannot be reached.
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import net from 'node:net';
import type { Duplex } from 'node:stream';
import { randomUUID } from 'node:crypto';
import type { StandinState } from './state.js';
import type { Endpoint } from './cluster.js';

/** Envoy's words for a refused upstream, so clients see the same body they would in production. */
export const UPSTREAM_FAILURE_BODY =
  'upstream connect error or disconnect/reset before headers. reset reason: connection failure';

export type AccessLogger = (line: string) => void;

interface EdgeContext {
  state: StandinState;
  tls: boolean;
  log: AccessLogger;
}

function forwardedHeaders(req: IncomingMessage, ctx: EdgeContext): http.OutgoingHttpHeaders {
  const headers: http.OutgoingHttpHeaders = { ...req.headers };
  const peer = req.socket.remoteAddress ?? '';
  const prior = req.headers['x-forwarded-for'];
  headers['x-forwarded-for'] = prior ? `${String(prior)}, ${peer}` : peer;
  // Envoy sets the scheme it received on; behind TLS termination that is https.
  headers['x-forwarded-proto'] = ctx.tls ? 'https' : 'http';
  headers['x-request-id'] = req.headers['x-request-id'] ?? randomUUID();
  headers['x-envoy-expected-rq-timeout-ms'] = '15000';
  return headers;
}

function countResponse(ctx: EdgeContext, ep: Endpoint, status: number): void {
  const c = ctx.state.counters;
  const host = ctx.state.counterFor(ep);
  c.upstream_rq_total += 1;
  host.rq_total += 1;
  const cls = Math.floor(status / 100);
  if (cls === 2) c.upstream_rq_2xx += 1;
  else if (cls === 3) c.upstream_rq_3xx += 1;
  else if (cls === 4) c.upstream_rq_4xx += 1;
  else if (cls === 5) c.upstream_rq_5xx += 1;
  if (cls === 5) host.rq_error += 1;
  else host.rq_success += 1;
}

function accessLine(req: IncomingMessage, status: number, flags: string, start: number,
  upstream: string): string {
  const ms = Date.now() - start;
  return `[${new Date(start).toISOString()}] "${req.method} ${req.url} HTTP/${req.httpVersion}" ` +
    `${status} ${flags} ${ms} "${req.headers['user-agent'] ?? '-'}" "${req.headers.host ?? '-'}" ` +
    `"${upstream}"`;
}

function fail503(ctx: EdgeContext, req: IncomingMessage, res: ServerResponse, start: number,
  ep: Endpoint | undefined, body: string): void {
  ctx.state.counters.downstream_rq_5xx += 1;
  if (ep) {
    ctx.state.counters.upstream_cx_connect_fail += 1;
    ctx.state.counterFor(ep).cx_connect_fail += 1;
    ctx.state.lastConnectFailed = true;
  }

  if (!res.headersSent) {
    res.writeHead(503, {
      'content-type': 'text/plain', server: 'envoy', 'content-length': body.length,
    });
  }

  res.end(body);
  const upstream = ep ? `${ep.address}:${ep.port}` : '-';
  ctx.log(accessLine(req, 503, ep ? 'UF' : 'NC', start, upstream));
}

/** Handles one plain HTTP request on the edge. */
export function handleEdgeRequest(ctx: EdgeContext, req: IncomingMessage, res: ServerResponse) {
  const start = Date.now();
  const ep = ctx.state.routedEndpoint();
  if (!ep) return fail503(ctx, req, res, start, undefined, 'no healthy upstream');
  ctx.state.counterFor(ep).cx_total += 1;

  const upstream = http.request({
    host: ep.address, port: ep.port, method: req.method, path: req.url,
    headers: forwardedHeaders(req, ctx), timeout: 15_000,
  });
  upstream.on('response', (up) => {
    ctx.state.lastConnectFailed = false;
    const status = up.statusCode ?? 502;
    const headers = { ...up.headers, server: 'envoy',
      'x-envoy-upstream-service-time': String(Date.now() - start) };
    res.writeHead(status, headers);
    up.pipe(res);
    countResponse(ctx, ep, status);
    ctx.log(accessLine(req, status, '-', start, `${ep.address}:${ep.port}`));
  });
  upstream.on('timeout', () => {
    ctx.state.counterFor(ep).rq_timeout += 1;
    upstream.destroy(new Error('upstream request timeout'));
  });
  upstream.on('error', () => fail503(ctx, req, res, start, ep, UPSTREAM_FAILURE_BODY));
  req.pipe(upstream);
}

/** Forwards a WebSocket (or any) upgrade byte for byte once the upstream accepts the TCP. */
export function handleEdgeUpgrade(ctx: EdgeContext, req: IncomingMessage, client: Duplex,
  head: Buffer): void {
  const start = Date.now();
  const ep = ctx.state.routedEndpoint();
  const refuse = (): void => {
    ctx.state.counters.downstream_rq_5xx += 1;
    const body = UPSTREAM_FAILURE_BODY;
    client.end('HTTP/1.1 503 Service Unavailable\r\nserver: envoy\r\n' +
      `content-length: ${body.length}\r\ncontent-type: text/plain\r\n\r\n${body}`);
    ctx.log(accessLine(req, 503, 'UF', start, ep ? `${ep.address}:${ep.port}` : '-'));
  };
  if (!ep) return refuse();

  const upstream = net.connect(ep.port, ep.address);
  client.on('error', () => upstream.destroy());
  upstream.on('error', () => {
    ctx.state.counterFor(ep).cx_connect_fail += 1;
    refuse();
  });
  upstream.on('connect', () => {
    const headers = forwardedHeaders(req, ctx);
    const lines = [`${req.method} ${req.url} HTTP/1.1`];
    for (const [k, v] of Object.entries(headers)) {
      for (const one of Array.isArray(v) ? v : [v]) lines.push(`${k}: ${String(one)}`);
    }

    upstream.write(lines.join('\r\n') + '\r\n\r\n');
    if (head.length) upstream.write(head);
    upstream.pipe(client);
    client.pipe(upstream);
    ctx.log(accessLine(req, 101, '-', start, `${ep.address}:${ep.port}`));
  });
}
