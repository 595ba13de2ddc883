/**
 * Compose port entries in short syntax (`"127.0.0.1:8002:80/tcp"`, ranges,
 * container-only) and long syntax (`{target, published, host_ip, protocol}`).
 */
import { isMap, isScalar } from 'yaml';

/** An inclusive port range; a single port has start === end. */
export interface PortRange {
  start: number;
  end: number;
}

/** One entry of a service's `ports` list. */
export interface ComposePort {
  /** The entry as written (long syntax is shown as `published:target`). */
  raw: string;
  syntax: 'short' | 'long';
  line: number;
  column: number;
  hostIp?: string;
  /** The host side; undefined when Docker picks an ephemeral port. */
  published?: PortRange;
  /** The container side; undefined only when the entry cannot be read. */
  target?: PortRange;
  protocol: string;
  /** An unquoted short entry, which YAML 1.1 may read as a number. */
  unquoted: boolean;
  /** Why the entry cannot be read. */
  error?: string;
}

function range(text: string, allowEmpty: boolean): PortRange | undefined | 'bad' {
  const t = text.trim();
  if (t === '' && allowEmpty) return undefined;
  const m = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(t);
  if (!m) return 'bad';
  const start = Number(m[1]);
  const end = m[2] === undefined ? start : Number(m[2]);
  if (start < 1 || end > 65535 || end < start) return 'bad';
  return { start, end };
}

function splitHost(rest: string): { ip?: string; host?: string; container: string } {
  const bracket = /^\[([^\]]*)\]:(.*)$/.exec(rest);
  if (bracket) {
    const [host = '', container = ''] = (bracket[2] ?? '').split(':');
    return { ip: bracket[1] ?? '', host, container };
  }

  const parts = rest.split(':');
  const container = parts.pop() ?? '';
  if (parts.length === 0) return { container };
  const host = parts.pop() ?? '';
  if (parts.length === 0) return { host, container };
  return { ip: parts.join(':'), host, container };
}

function shortPort(raw: string, base: Omit<ComposePort, 'protocol'>): ComposePort {
  const slash = raw.lastIndexOf('/');
  const protocol = slash === -1 ? 'tcp' : raw.slice(slash + 1).toLowerCase();
  const { ip, host, container } = splitHost(slash === -1 ? raw : raw.slice(0, slash));
  const target = range(container, false);
  const published = host === undefined ? undefined : range(host, ip !== undefined);
  const port: ComposePort = { ...base, protocol };
  if (ip) port.hostIp = ip;
  if (target === 'bad' || target === undefined || published === 'bad') {
    port.error = `"${raw}" is not [HOST_IP:][HOST_PORT:]CONTAINER_PORT[/PROTOCOL]`;
    return port;
  }

  port.target = target;
  if (published) port.published = published;
  return port;
}

function longField(node: unknown, key: string): string | undefined {
  if (!isMap(node)) return undefined;
  const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === key);
  if (!pair || !isScalar(pair.value) || pair.value.value === null) return undefined;
  return String(pair.value.value);
}

function longPort(node: unknown, base: Omit<ComposePort, 'protocol' | 'raw'>): ComposePort {
  const targetText = longField(node, 'target') ?? '';
  const publishedText = longField(node, 'published');
  const protocol = (longField(node, 'protocol') ?? 'tcp').toLowerCase();
  const raw = `${publishedText ?? ''}:${targetText}`;
  const port: ComposePort = { ...base, raw, protocol };
  const hostIp = longField(node, 'host_ip');
  if (hostIp) port.hostIp = hostIp;
  const target = range(targetText, false);
  const published = publishedText === undefined ? undefined : range(publishedText, true);
  if (target === 'bad' || target === undefined || published === 'bad') {
    port.error = `long syntax needs a numeric target (and published): got ${raw}`;
    return port;
  }

  port.target = target;
  if (published) port.published = published;
  return port;
}

/** Reads one `ports` list item (a YAML node) at the given position. */
export function parsePort(node: unknown, at: { line: number; column: number }): ComposePort {
  const base = { line: at.line, column: at.column, unquoted: false };
  if (isMap(node)) return longPort(node, { ...base, syntax: 'long' });
  const value = isScalar(node) ? node.value : undefined;
  if (typeof value !== 'string' && typeof value !== 'number') {
    return { ...base, raw: String(value), syntax: 'short', protocol: 'tcp', error: 'not a port' };
  }

  const unquoted = isScalar(node) && node.type === 'PLAIN';
  return shortPort(String(value), { ...base, raw: String(value), syntax: 'short', unquoted });
}

/** True when two ranges share a port. */
export function overlaps(a: PortRange, b: PortRange): boolean {
  return a.start <= b.end && b.start <= a.end;
}

/** Formats a range as `8002` or `8000-8001`. */
export function showRange(r: PortRange): string {
  return r.start === r.end ? String(r.start) : `${r.start}-${r.end}`;
}
