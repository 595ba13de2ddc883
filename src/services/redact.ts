/**
 * Redaction of secrets in everything cortex-ops writes: logs, reports, audit lines and
 * snapshots. Two layers: values known to be secret (read from .env files and the config) are
 * replaced wherever they appear, and anything shaped like a secret (KEY=value pairs with
 * secret-sounding names, bearer tokens, private key blocks, passwords in URLs) is masked.
 */

export const REDACTED = '[redacted]';

const SECRET_NAME = new RegExp('(pass(word|wd)?|secret|token|api[_-]?key|private[_-]?key|' +
  'credential|auth|session|cookie|signature|salt)', 'i');

const PATTERNS: [RegExp, (m: string, ...g: string[]) => string][] = [
  // PEM private keys, whole blocks.
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g, () => REDACTED],
  // user:password@ in URLs.
  [/\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@]+):([^\s@/]+)@/gi, (_m, pre) => `${pre}:${REDACTED}@`],
  // Authorization headers and bearer tokens.
  [/\b(authorization|proxy-authorization)(\s*[:=]\s*)(\S+(?:\s+\S+)?)/gi,
    (_m, k, sep) => `${k}${sep}${REDACTED}`],
  [/\bbearer\s+[A-Za-z0-9._~+/=-]{8,}/gi, () => `Bearer ${REDACTED}`],
  // NAME=value, NAME: value and "name": "value" where the name sounds secret.
  [/(["']?)([A-Za-z0-9_.-]*)(\1)(\s*[:=]\s*)(["']?)([^\s"',}]+)(\5)/g,
    (m, q1, name, q2, sep, q3, _v, q4) =>
      SECRET_NAME.test(name) ? `${q1}${name}${q2}${sep}${q3}${REDACTED}${q4}` : m],
];

/** Masks anything shaped like a secret. */
export function redactPatterns(text: string): string {
  let out = text;
  for (const [re, fn] of PATTERNS) out = out.replace(re, fn as (m: string) => string);
  return out;
}

/** Values from a dotenv file whose names sound secret, or that are long enough to matter. */
export function secretsFromDotenv(text: string): string[] {
  const values: string[] = [];
  for (const line of text.split('\n')) {
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (!m) continue;
    const value = m[2]!.trim().replace(/^(['"])(.*)\1$/, '$2');
    if (value.length >= 6) values.push(value);
  }

  return values;
}

/** A redactor that also replaces known secret values wherever they appear. */
export class Redactor {
  private known: string[] = [];

  /** Adds values that must never be shown (at least 4 characters, to avoid masking noise). */
  add(values: Iterable<string>): this {
    for (const v of values) if (v.length >= 4 && !this.known.includes(v)) this.known.push(v);
    // Longest first, so a secret that contains another is replaced whole.
    this.known.sort((a, b) => b.length - a.length);
    return this;
  }

  redact(text: string): string {
    let out = text;
    for (const v of this.known) out = out.split(v).join(REDACTED);
    return redactPatterns(out);
  }
}
