/**
 * The public certificate's expiry: a TLS handshake with the public URL (trusting a private
 * CA when edge.caFile is set), reporting days left and whether the chain verified.
 */
import net from 'node:net';
import tls from 'node:tls';
import { deadline, timeoutError, toProbeError } from './errors.js';
import { describe } from './http.js';

/** What the handshake showed about the certificate. */
export interface CertificateResult {
  /** Whole days until notAfter; negative once expired. */
  daysLeft: number;
  validTo: string;
  subject: string;
  /** True when the chain verified against the system roots (and the CA, if given). */
  trusted: boolean;
  /** Why it did not verify, e.g. SELF_SIGNED_CERT_IN_CHAIN. */
  trustError?: string;
  latencyMs: number;
}

/** Options of the certificate probe. */
export interface CertificateOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
  /** PEM of a private CA that signs the certificate. */
  ca?: string | Buffer;
  /** The clock, for tests. */
  now?: number;
}

const DAY_MS = 86_400_000;

/** Whole days from `now` until `validTo` (a date string as Node prints it). */
export function daysUntil(validTo: string, now: number): number {
  return Math.floor((new Date(validTo).getTime() - now) / DAY_MS);
}

function handshake(url: URL, ca: CertificateOptions['ca'], signal: AbortSignal):
  Promise<tls.TLSSocket> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return new Promise((resolve, reject) => {
    const socket = tls.connect({
      host, port: Number(url.port || 443), ca, rejectUnauthorized: false,
      servername: net.isIP(host) ? undefined : host,
    });
    const onAbort = (): void => {
      socket.destroy();
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    socket.once('secureConnect', () => {
      signal.removeEventListener('abort', onAbort);
      resolve(socket);
    });
    socket.once('error', (err) => {
      signal.removeEventListener('abort', onAbort);
      reject(err);
    });
  });
}

/**
 * Reads the certificate the public URL presents. Rejects with ProbeError when no handshake
 * completes; an untrusted certificate still resolves (with `trusted: false`).
 */
export async function certificateProbe(rawUrl: string, opts: CertificateOptions = {}):
  Promise<CertificateResult> {
  const url = new URL(rawUrl);
  const timeoutMs = opts.timeoutMs ?? 5000;
  const limit = deadline(opts.signal, timeoutMs);
  const target = describe(rawUrl);
  const start = performance.now();
  let socket: tls.TLSSocket | undefined;
  try {
    socket = await handshake(url, opts.ca, limit.signal);
    const cert = socket.getPeerCertificate();
    if (!cert?.valid_to) throw new Error('the server sent no certificate');
    const trustError = socket.authorized ? undefined : String(socket.authorizationError ?? '');
    return {
      daysLeft: daysUntil(cert.valid_to, opts.now ?? Date.now()), validTo: cert.valid_to,
      subject: String(cert.subject?.CN ?? ''), trusted: socket.authorized,
      trustError, latencyMs: Math.round(performance.now() - start),
    };
  } catch (err) {
    if (opts.signal?.aborted) throw opts.signal.reason;
    if (limit.timedOut()) throw timeoutError(target, timeoutMs);
    throw toProbeError(err, target);
  } finally {
    socket?.destroy();
  }
}
