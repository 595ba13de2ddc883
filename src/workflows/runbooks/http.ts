/**
 * Small HTTP probes for the live checks: one request without following redirects, and a
 * WebSocket handshake that only reads the status line. Both honour a timeout and a signal,
 * trust the edge's private CA when given, and can run over a stream opened elsewhere (an SSH
 * forward to a container the local machine cannot reach).
 */
import http from 'node:http';
import https from 'node:https';
import { randomBytes } from 'node:crypto';
import type { Duplex } from 'node:stream';

/** Options of one probe. */
export interface ProbeOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  ca?: string;
  signal: AbortSignal;
  timeoutMs: number;
  /** Use this stream instead of connecting to the URL's host. */
  stream?: Duplex;
}

/** What came back. */
export interface ProbeResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** The first 64 KiB of the body. */
  body: string;
}

/** A probe that got no HTTP answer: refused, reset, timed out. */
export class ProbeError extends Error {
  override name = 'ProbeError';
  readonly userFacing = true;
}

const MAX_BODY = 64 * 1024;

function requestFor(url: URL, opts: ProbeOptions, extra: http.RequestOptions): http.ClientRequest {
  const lib = url.protocol === 'https:' ? https : http;
  const options: https.RequestOptions = {
    method: opts.method ?? 'GET', headers: opts.headers, signal: opts.signal, agent: false,
    ...extra,
  };
  if (opts.ca) options.ca = opts.ca;
  if (opts.stream) {
    const stream = opts.stream;
    options.createConnection = () => stream as never;
  }

  const req = lib.request(url, options);
  // A timer of our own rather than AbortSignal.any, which would leave a listener on the
  // long-lived session signal for every probe.
  const timer = setTimeout(() => {
    const err = new Error(`no answer within ${opts.timeoutMs} ms`);
    err.name = 'TimeoutError';
    req.destroy(err);
  }, opts.timeoutMs);
  req.once('close', () => clearTimeout(timer));
  return req;
}

function describe(err: Error, url: URL, timeoutMs: number): ProbeError {
  const code = (err as { code?: string }).code;
  if (err.name === 'AbortError' || err.name === 'TimeoutError') {
    return new ProbeError(`${url.host} did not answer within ${timeoutMs / 1000} s`);
  }

  return new ProbeError(`${url.host}: ${code ?? err.message}`);
}

/**
 * One request; redirects are returned, not followed. Throws ProbeError without an answer.
 * A given stream is destroyed once the exchange ends, so SSH channels are not left open.
 */
export function probe(target: string, opts: ProbeOptions): Promise<ProbeResponse> {
  const url = new URL(target);
  const done = new Promise<ProbeResponse>((resolve, reject) => {
    const req = requestFor(url, opts, {});
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        if (size < MAX_BODY) chunks.push(c);
        size += c.length;
      });
      res.on('end', () => resolve({
        status: res.statusCode ?? 0, headers: res.headers,
        body: Buffer.concat(chunks).toString('utf8').slice(0, MAX_BODY),
      }));
      res.on('error', (err) => reject(describe(err, url, opts.timeoutMs)));
    });
    req.on('error', (err) => reject(describe(err, url, opts.timeoutMs)));
    req.end(opts.body);
  });
  return done.finally(() => opts.stream?.destroy());
}

/**
 * A WebSocket handshake: resolves with the status the server answered (101 when it
 * switched protocols) and closes the connection at once.
 */
export function wsHandshake(target: string, opts: ProbeOptions): Promise<number> {
  const url = new URL(target.replace(/^ws/, 'http'));
  const headers = {
    ...opts.headers, connection: 'Upgrade', upgrade: 'websocket',
    'sec-websocket-version': '13', 'sec-websocket-key': randomBytes(16).toString('base64'),
  };
  return new Promise((resolve, reject) => {
    const req = requestFor(url, { ...opts, headers }, {});
    req.on('upgrade', (res, socket) => {
      socket.destroy();
      resolve(res.statusCode ?? 101);
    });
    req.on('response', (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', (err) => reject(describe(err, url, opts.timeoutMs)));
    req.end();
  });
}
