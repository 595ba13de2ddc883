/**
 * The WebSocket upgrade probe: a raw RFC 6455 handshake over TCP, TLS or a supplied stream
 * (an SSH forward). It expects `101 Switching Protocols` with the right Sec-WebSocket-Accept,
 * then closes; no frames are exchanged.
 */
import net from 'node:net';
import tls from 'node:tls';
import { createHash, randomBytes } from 'node:crypto';
import type { Duplex } from 'node:stream';
import { deadline, ProbeError, timeoutError, toProbeError } from './errors.js';
import { describe, type StreamDialer } from './http.js';

const WS_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
const MAX_HEAD = 16 * 1024;

/** Options of one upgrade probe. */
export interface WsProbeOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
  /** Open the stream this way instead of a direct connection. */
  dial?: StreamDialer;
  /** PEM of a private CA, for wss:// URLs. */
  ca?: string | Buffer;
  headers?: Record<string, string>;
}

/** How the server answered the upgrade request. */
export interface WsProbeResult {
  status: number;
  /** True when the server switched protocols with a valid accept key. */
  upgraded: boolean;
  latencyMs: number;
  server?: string;
  /** Why `upgraded` is false despite a 101, if so. */
  problem?: string;
}

/** The Sec-WebSocket-Accept a server must send for `key`. */
export function expectedAccept(key: string): string {
  return createHash('sha1').update(key + WS_GUID).digest('base64');
}

/** The handshake request text for a URL and key. */
export function upgradeRequest(url: URL, key: string, extra: Record<string, string> = {}): string {
  const lines = [
    `GET ${url.pathname}${url.search} HTTP/1.1`, `Host: ${url.host}`, 'Upgrade: websocket',
    'Connection: Upgrade', `Sec-WebSocket-Key: ${key}`, 'Sec-WebSocket-Version: 13',
    ...Object.entries(extra).map(([k, v]) => `${k}: ${v}`),
  ];
  return lines.join('\r\n') + '\r\n\r\n';
}

/** Parses a response head (up to the blank line); undefined when it is not HTTP. */
export function parseHead(head: string): { status: number; headers: Record<string, string> }
  | undefined {
  const [first = '', ...rest] = head.split('\r\n');
  const m = /^HTTP\/1\.[01] (\d{3})/.exec(first);
  if (!m) return undefined;
  const headers: Record<string, string> = {};
  for (const line of rest) {
    const i = line.indexOf(':');
    if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }

  return { status: Number(m[1]), headers };
}

function openDirect(url: URL, ca: WsProbeOptions['ca']): Duplex {
  const secure = url.protocol === 'wss:' || url.protocol === 'https:';
  const port = Number(url.port || (secure ? 443 : 80));
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!secure) return net.connect(port, host);
  return tls.connect({ host, port, ca, servername: net.isIP(host) ? undefined : host });
}

function readHead(stream: Duplex, signal: AbortSignal): Promise<string> {
  return new Promise((resolve, reject) => {
    let buf = '';
    const done = (fn: () => void): void => {
      signal.removeEventListener('abort', onAbort);
      stream.off('data', onData);
      fn();
    };
    const onAbort = (): void => done(() => reject(signal.reason));
    const onData = (chunk: Buffer): void => {
      buf += chunk.toString('latin1');
      const end = buf.indexOf('\r\n\r\n');
      if (end >= 0) done(() => resolve(buf.slice(0, end)));
      else if (buf.length > MAX_HEAD) done(() => resolve(buf));
    };
    signal.addEventListener('abort', onAbort, { once: true });
    stream.on('data', onData);
    stream.once('error', (err) => done(() => reject(err)));
    stream.once('end', () => done(() => resolve(buf)));
  });
}

function judge(head: string, key: string, start: number, target: string): WsProbeResult {
  const parsed = parseHead(head);
  if (!parsed) {
    const what = head === '' ? 'closed the connection without an answer' : 'answered non-HTTP';
    throw new ProbeError(head === '' ? 'reset' : 'protocol', `${target} ${what}`, target);
  }

  const latencyMs = Math.round(performance.now() - start);
  const { status, headers } = parsed;
  const base = { status, latencyMs, server: headers.server };
  if (status !== 101) return { ...base, upgraded: false };
  if (headers['sec-websocket-accept'] !== expectedAccept(key)) {
    return { ...base, upgraded: false, problem: 'wrong Sec-WebSocket-Accept' };
  }

  return { ...base, upgraded: true };
}

/** Sends one upgrade request and reports the answer. Rejects with ProbeError on no answer. */
export async function wsProbe(rawUrl: string, opts: WsProbeOptions = {}): Promise<WsProbeResult> {
  const url = new URL(rawUrl);
  const timeoutMs = opts.timeoutMs ?? 5000;
  const limit = deadline(opts.signal, timeoutMs);
  const target = describe(rawUrl.replace(/^ws/, 'http'));
  const key = randomBytes(16).toString('base64');
  const start = performance.now();
  let stream: Duplex | undefined;
  try {
    stream = opts.dial ? await opts.dial(limit.signal) : openDirect(url, opts.ca);
    stream.on('error', () => undefined);
    stream.write(upgradeRequest(url, key, opts.headers));
    return judge(await readHead(stream, limit.signal), key, start, target);
  } catch (err) {
    if (opts.signal?.aborted) throw opts.signal.reason;
    if (limit.timedOut()) throw timeoutError(target, timeoutMs);
    throw toProbeError(err, target);
  } finally {
    stream?.destroy();
  }
}
