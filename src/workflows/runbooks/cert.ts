/** The edge certificate: read from the TLS handshake with the public URL, days until expiry. */
import tls from 'node:tls';
import { liveFinding } from './codes.js';
import type { Check, Runbook } from './model.js';

/** Fewer days than this left is a warning. */
export const CERT_WARN_DAYS = 14;

/** The certificate's end date, read without judging its trust (that is another matter). */
export function peerCertificateEnd(
  url: URL, signal: AbortSignal, timeoutMs: number,
): Promise<{ validTo: Date; subject: string }> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({
      host: url.hostname.replace(/^\[|\]$/g, ''), port: Number(url.port || 443),
      servername: /^[\d.]+$|:/.test(url.hostname) ? undefined : url.hostname,
      rejectUnauthorized: false,
    });
    const onAbort = (): void => fail(new Error('aborted'));
    const fail = (err: Error): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      socket.destroy();
      reject(err);
    };
    const timer = setTimeout(() => fail(new Error(`no TLS handshake within ${timeoutMs} ms`)),
      timeoutMs);
    signal.addEventListener('abort', onAbort, { once: true });
    socket.once('error', fail);
    socket.once('secureConnect', () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      const cert = socket.getPeerCertificate();
      socket.end();
      if (!cert.valid_to) return reject(new Error('the edge presented no certificate'));
      resolve({ validTo: new Date(cert.valid_to), subject: String(cert.subject?.CN ?? '') });
    });
  });
}

const expiry: Check = {
  id: 'edge-cert-expiry', title: 'the edge certificate is not about to expire', kind: 'live',
  async run(ctx, signal) {
    const url = new URL(ctx.config.edge.publicUrl);
    if (url.protocol !== 'https:') return [];
    const { validTo, subject } = await peerCertificateEnd(url, signal, ctx.timeoutMs);
    const days = Math.floor((validTo.getTime() - Date.now()) / 86_400_000);
    const evidence = [{ file: `TLS ${url.host}`,
      text: `CN=${subject} notAfter=${validTo.toISOString()} (${days} days)` }];
    if (days < 0) return [liveFinding('CX631', 'failing', `Expired ${-days} days ago.`, evidence)];
    if (days < CERT_WARN_DAYS) {
      return [liveFinding('CX630', 'warning', `${days} days left.`, evidence)];
    }

    return [liveFinding('CX632', 'ok', `${days} days left.`, evidence)];
  },
};

/** The edge certificate is close to expiry. */
export const certRunbook: Runbook = {
  id: 'edge-cert',
  title: 'Edge certificate',
  symptom: 'Browsers warn about the certificate, or will soon.',
  checks: [expiry],
};
