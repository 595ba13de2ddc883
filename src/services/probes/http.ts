/**
 * HTTP probes through undici: status, latency, headers and Location, each with its own
 * deadline and the caller's AbortSignal. A dispatcher with a custom `connect` lets the same
 * probe run through an SSH port forward (a Duplex) instead of a local socket.
 */
import { Agent, request, type Dispatcher } from 'undici';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { deadline, ProbeError, timeoutError, toProbeError } from './errors.js';

/** Options of one HTTP request. */
export interface HttpProbeOptions {
  signal?: AbortSignal;
  /** Milliseconds for the whole exchange; default 5000. */
  timeoutMs?: number;
  method?: 'GET' | 'HEAD' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  /** Where to connect (an SSH forward, a private CA); default undici's global one. */
  dispatcher?: Dispatcher;
  /** Reuse connections (default: a fresh connection for every probe). */
  keepAlive?: boolean;
  /** Bytes of body kept; the rest is discarded. Default 64 KiB. */
  maxBodyBytes?: number;
}

/** What an HTTP server answered. */
export interface HttpProbeResult {
  url: string;
  status: number;
  latencyMs: number;
  headers: Record<string, string>;
  /** The Location header, if any. */
  location?: string;
  /** The Server header, if any: tells envoy, nginx and uvicorn apart. */
  server?: string;
  body: string;
}

const DEFAULT_TIMEOUT_MS = 5000;
const DEFAULT_MAX_BODY = 64 * 1024;

function flatHeaders(raw: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  }

  return out;
}

async function readLimited(body: Dispatcher.ResponseData['body'], max: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const buf = chunk as Buffer;
    if (size < max) chunks.push(buf.subarray(0, max - size));
    size += buf.length;
    if (size >= max) {
      body.destroy();
      break;
    }
  }

  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Sends one request and reads (a bounded part of) the answer. Any HTTP status resolves;
 * no answer rejects with a ProbeError, an abort with the signal's reason.
 */
export async function httpProbe(url: string, opts: HttpProbeOptions = {}):
  Promise<HttpProbeResult> {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const limit = deadline(opts.signal, timeoutMs);
  const target = describe(url);
  const start = performance.now();
  try {
    const res = await request(url, {
      method: opts.method ?? 'GET', headers: opts.headers, body: opts.body,
      signal: limit.signal, dispatcher: opts.dispatcher,
      headersTimeout: timeoutMs, bodyTimeout: timeoutMs,
      // A fresh connection per probe: a kept-alive socket to a restarted server would fail
      // the probe for the restart, not for the server's health.
      reset: opts.keepAlive !== true,
    });
    const headers = flatHeaders(res.headers);
    const body = await readLimited(res.body, opts.maxBodyBytes ?? DEFAULT_MAX_BODY);
    return {
      url, status: res.statusCode, latencyMs: Math.round(performance.now() - start), headers,
      location: headers.location, server: headers.server, body,
    };
  } catch (err) {
    if (opts.signal?.aborted) throw opts.signal.reason;
    if (limit.timedOut()) throw timeoutError(target, timeoutMs);
    throw toProbeError(err, target);
  }
}

/** `host:port` of a URL, for messages. */
export function describe(url: string): string {
  try {
    const u = new URL(url);
    const port = u.port || (u.protocol === 'https:' ? '443' : '80');
    return `${u.hostname}:${port}`;
  } catch {
    return url;
  }
}

/** Opens a stream to the server some other way (an SSH direct-tcpip channel). */
export type StreamDialer = (signal?: AbortSignal) => Promise<Duplex>;

/**
 * A dispatcher whose connections are opened by `dial`, e.g. through an SSH forwardOut.
 * Connections are kept alive and reused like any other.
 */
export function dialerDispatcher(dial: StreamDialer, connectTimeoutMs = 5000): Agent {
  return new Agent({
    keepAliveTimeout: 10_000,
    connect: (_opts, callback) => {
      const signal = AbortSignal.timeout(connectTimeoutMs);
      dial(signal).then(
        // undici drives any Duplex the way it drives a socket; its types ask for a Socket.
        (stream) => callback(null, stream as unknown as Socket),
        (err: unknown) => callback(err instanceof Error ? err : new Error(String(err)), null),
      );
    },
  });
}

/** A dispatcher that trusts `ca` (PEM) in addition to nothing else, for a private CA. */
export function caDispatcher(ca: string | Buffer): Agent {
  return new Agent({ connect: { ca }, keepAliveTimeout: 10_000 });
}

/** True for a ProbeError of one of the given kinds. */
export function isProbeError(err: unknown, ...kinds: ProbeError['kind'][]): err is ProbeError {
  return err instanceof ProbeError && (kinds.length === 0 || kinds.includes(err.kind));
}
