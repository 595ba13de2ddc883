/**
 * Why a probe got no usable answer, in words an operator can act on. Every probe failure is
 * a ProbeError with a kind the sweep can reason about (a refused port means something else
 * than a timeout) and a one-line message.
 */

/** What went wrong, coarsely. */
export type ProbeErrorKind =
  | 'timeout' | 'refused' | 'dns' | 'reset' | 'tls' | 'protocol' | 'http' | 'unreachable';

/** A probe that failed; the message says what failed and where. */
export class ProbeError extends Error {
  override name = 'ProbeError';
  /** Shown to the user as it stands (see src/cli/run.ts). */
  readonly userFacing = true;

  constructor(readonly kind: ProbeErrorKind, message: string, readonly target = '') {
    super(message);
  }
}

const CODE_KIND: Record<string, ProbeErrorKind> = {
  ECONNREFUSED: 'refused',
  ENOTFOUND: 'dns',
  EAI_AGAIN: 'dns',
  ECONNRESET: 'reset',
  EPIPE: 'reset',
  UND_ERR_SOCKET: 'reset',
  UND_ERR_CLOSED: 'reset',
  EHOSTUNREACH: 'unreachable',
  ENETUNREACH: 'unreachable',
  ETIMEDOUT: 'timeout',
  UND_ERR_CONNECT_TIMEOUT: 'timeout',
  UND_ERR_HEADERS_TIMEOUT: 'timeout',
  UND_ERR_BODY_TIMEOUT: 'timeout',
};

/** How undici words an answer that is not HTTP. */
const NOT_HTTP = /parse|invalid|does not match/i;
const TLS_CODES = /CERT|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|ERR_TLS|ERR_SSL|EPROTO/;

/** The first `code` found on an error or its causes. */
export function errorCode(err: unknown): string {
  let e = err as { code?: unknown; cause?: unknown } | undefined;
  for (let depth = 0; e && depth < 5; depth++) {
    if (typeof e.code === 'string') return e.code;
    e = e.cause as typeof e;
  }

  return '';
}

function kindWords(kind: ProbeErrorKind, target: string, code: string, detail: string): string {
  switch (kind) {
    case 'refused': return `${target} refused the connection (nothing listens there)`;
    case 'dns': return `the name in ${target} does not resolve`;
    case 'reset': return `${target} closed the connection without an answer`;
    case 'unreachable': return `no network path to ${target}`;
    case 'timeout': return `no answer from ${target} in time`;
    case 'tls': return `TLS with ${target} failed: ${code || detail}`;
    case 'protocol': return `${target} answered something that is not HTTP (${detail})`;
    default: return `${target}: ${detail}`;
  }
}

/** Turns a socket, TLS or HTTP client error into a ProbeError. */
export function toProbeError(err: unknown, target: string): ProbeError {
  if (err instanceof ProbeError) return err;
  const code = errorCode(err);
  const detail = err instanceof Error ? err.message.split('\n')[0]! : String(err);
  let kind: ProbeErrorKind = CODE_KIND[code] ?? 'http';
  if (TLS_CODES.test(code)) kind = 'tls';
  else if (code.startsWith('HPE_') || (kind === 'http' && NOT_HTTP.test(detail))) {
    kind = 'protocol';
  }

  return new ProbeError(kind, kindWords(kind, target, code, detail), target);
}

/** The timeout failure of one probe. */
export function timeoutError(target: string, timeoutMs: number): ProbeError {
  const secs = timeoutMs >= 1000 ? `${+(timeoutMs / 1000).toFixed(1)} s` : `${timeoutMs} ms`;
  return new ProbeError('timeout', `no answer from ${target} within ${secs}`, target);
}

/**
 * A signal that fires on the caller's abort or after `timeoutMs`, and a way to tell which.
 */
export function deadline(signal: AbortSignal | undefined, timeoutMs: number): {
  signal: AbortSignal; timedOut: () => boolean;
} {
  const timer = AbortSignal.timeout(timeoutMs);
  return {
    signal: signal ? AbortSignal.any([signal, timer]) : timer,
    timedOut: () => timer.aborted && !signal?.aborted,
  };
}
