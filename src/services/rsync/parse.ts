/**
 * Parsers for rsync's output: the itemized change list and `--stats` of the dry run, and the
 * `--info=progress2` lines of the real sync (which rsync separates with `\r`).
 */

/** What a release would change, from a dry run. */
export interface ChangeSummary {
  added: string[];
  changed: string[];
  deleted: string[];
  /** Bytes of the files that would be sent (rsync's "Total transferred file size"). */
  bytes: number;
  /** Files in the workspace as rsync counts them (regular files). */
  totalFiles: number;
}

/** One progress2 reading. */
export interface SyncProgress {
  bytes: number;
  percent: number;
  /** As rsync prints it, e.g. `12.34MB/s`. */
  rate: string;
  /** `h:mm:ss`. */
  eta: string;
  /** Files transferred so far (`xfr#N`), when rsync said. */
  transferred?: number;
  /** Files still to check and the total (`to-chk=M/T`). */
  toCheck?: number;
  total?: number;
}

const ITEM = /^([<>ch.*])([fdLDS]|eleting)([^ ]*)\s+(.+)$/;

function num(text: string | undefined): number {
  return text === undefined ? 0 : Number(text.replace(/,/g, ''));
}

/** Classifies one itemized line; undefined for anything else (stats, blank lines). */
export function parseItemLine(line: string): { kind: 'added' | 'changed' | 'deleted';
  path: string; } | undefined {
  if (line.startsWith('*deleting ')) {
    return { kind: 'deleted', path: line.slice('*deleting '.length).trim() };
  }

  const m = ITEM.exec(line);
  if (!m) return undefined;
  const [, update, type, flags, path] = m;
  if (type === 'd' && update === '.') return undefined;
  if (type === 'd' && (flags ?? '').startsWith('+')) return undefined;
  if (update === '.' && !/[^.+ ]/.test(flags ?? '')) return undefined;
  const isNew = (flags ?? '').startsWith('+');
  return { kind: isNew ? 'added' : 'changed', path: path!.trim() };
}

/** Parses a dry run's full stdout (`--itemize-changes --stats`). */
export function parseItemized(stdout: string): ChangeSummary {
  const summary: ChangeSummary = { added: [], changed: [], deleted: [], bytes: 0, totalFiles: 0 };
  for (const raw of stdout.split('\n')) {
    const line = raw.replace(/\r$/, '');
    const item = parseItemLine(line);
    if (item) summary[item.kind].push(item.path);
    const size = /^Total transferred file size: ([\d,]+)/.exec(line);
    if (size) summary.bytes = num(size[1]);
    const files = /^Number of files: [\d,]+ \(reg: ([\d,]+)/.exec(line);
    if (files) summary.totalFiles = num(files[1]);
  }

  return summary;
}

const PROGRESS = new RegExp(
  '^\\s*([\\d,]+)\\s+(\\d+)%\\s+(\\S+/s)\\s+(\\d+:\\d\\d:\\d\\d)' +
  '(?:\\s+\\((?:xfr#(\\d+), )?(?:to-chk|ir-chk)=(\\d+)/(\\d+)\\))?\\s*$');

/** Parses one progress2 line; undefined when the line is something else. */
export function parseProgressLine(line: string): SyncProgress | undefined {
  const m = PROGRESS.exec(line);
  if (!m) return undefined;
  const progress: SyncProgress = {
    bytes: num(m[1]), percent: Number(m[2]), rate: m[3]!, eta: m[4]!,
  };
  if (m[5] !== undefined) progress.transferred = Number(m[5]);
  if (m[6] !== undefined) {
    progress.toCheck = Number(m[6]);
    progress.total = Number(m[7]);
  }

  return progress;
}

/** Human bytes: 1.2 MB (decimal units, as rsync prints them). */
export function formatBytes(n: number): string {
  if (n < 1000) return `${n} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let v = n;
  let i = -1;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i += 1;
  }

  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`;
}
