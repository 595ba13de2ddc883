/**
 * The commands the Host pane runs on the Docker host, as argument arrays built by pure
 * functions, and the parsers of their output. Nothing here runs anything.
 */

/** `docker compose version` (Compose v2, the CLI plugin). */
export function composeV2Argv(): string[] {
  return ['docker', 'compose', 'version'];
}

/** `docker-compose version` (Compose v1, the Python program). */
export function composeV1Argv(): string[] {
  return ['docker-compose', 'version'];
}

/** `df -P -k PATH`: POSIX output in 1024-byte blocks, one line per file system. */
export function dfArgv(path: string): string[] {
  return ['df', '-P', '-k', path];
}

/** The load averages. */
export function loadavgArgv(): string[] {
  return ['cat', '/proc/loadavg'];
}

/** The number of online CPUs. */
export function nprocArgv(): string[] {
  return ['getconf', '_NPROCESSORS_ONLN'];
}

/** Which Compose answered and its version. */
export interface ComposeVersion {
  major: 1 | 2;
  version: string;
}

/**
 * Reads `docker compose version` / `docker-compose version` output:
 * `Docker Compose version v2.29.7` or `docker-compose version 1.29.2, build unknown`.
 */
export function parseComposeVersion(stdout: string): ComposeVersion | undefined {
  const m = /compose version:?\s*v?(\d+)\.(\d+)\.(\d+)\S*/i.exec(stdout);
  if (!m) return undefined;
  const version = `${m[1]}.${m[2]}.${m[3]}`;
  return { major: Number(m[1]) >= 2 ? 2 : 1, version };
}

/** Space on one file system, from `df -P -k`. */
export interface DiskFree {
  mount: string;
  totalKb: number;
  availKb: number;
  /** Percent used, as df rounds it. */
  usedPct: number;
}

/** Reads the data line of `df -P -k` (a long device name may not wrap under -P). */
export function parseDf(stdout: string): DiskFree | undefined {
  const lines = stdout.trim().split('\n').filter((l) => l.trim() !== '');
  const data = lines.find((l, i) => i > 0 && /\s\d+%\s/.test(`${l} `));
  if (!data) return undefined;
  const f = data.trim().split(/\s+/);
  const pct = f.findIndex((x) => /^\d+%$/.test(x));
  if (pct < 3) return undefined;
  return {
    totalKb: Number(f[pct - 3]), availKb: Number(f[pct - 1]),
    usedPct: Number(f[pct]!.replace('%', '')), mount: f.slice(pct + 1).join(' '),
  };
}

/** The three load averages. */
export interface LoadAvg {
  load1: number;
  load5: number;
  load15: number;
}

/** Reads /proc/loadavg: `0.52 0.40 0.31 1/234 5678`. */
export function parseLoadavg(stdout: string): LoadAvg | undefined {
  const [a, b, c] = stdout.trim().split(/\s+/).map(Number);
  if (![a, b, c].every((n) => n !== undefined && Number.isFinite(n))) return undefined;
  return { load1: a!, load5: b!, load15: c! };
}

/** Human words for a size in KiB. */
export function sizeWords(kb: number): string {
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = kb;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i += 1;
  }

  return `${v >= 10 || i === 0 ? Math.round(v) : v.toFixed(1)} ${units[i]}`;
}
