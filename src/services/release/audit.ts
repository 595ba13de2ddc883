/**
 * The audit trail: one JSON line per event, appended on the host (shared by everyone who
 * releases there) and to a local history file. Every line passes through the redactor.
 */
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';

/** What happened. */
export type AuditEvent = 'release' | 'rollback' | 'lock-broken';
/** How it ended. */
export type AuditResult = 'ok' | 'failed' | 'rolled-back' | 'aborted';

/** One audit record. */
export interface AuditRecord {
  at: string;
  event: AuditEvent;
  result: AuditResult;
  who: string;
  from: string;
  environment: string;
  releaseId: string;
  previousId?: string;
  commit?: string;
  dirty?: boolean;
  files?: { added: number; changed: number; deleted: number; bytes: number };
  /** Milliseconds per step. */
  durations: Record<string, number>;
  error?: string;
  note?: string;
}

/** Appends stdin to the audit file (O_APPEND: lines from two writers never interleave). */
export function auditAppendArgv(file: string): string[] {
  return ['sh', '-c', 'mkdir -p "$(dirname "$1")" && cat >> "$1"', 'sh', file];
}

/** The last `n` audit lines. */
export function auditTailArgv(file: string, n = 50): string[] {
  return ['sh', '-c', 'tail -n "$2" "$1" 2>/dev/null || true', 'sh', file, String(n)];
}

/** One redacted JSON line, newline-terminated. */
export function auditLine(record: AuditRecord, redact: (s: string) => string): string {
  return `${redact(JSON.stringify(record))}\n`;
}

/** Parses audit lines, skipping any that do not parse. */
export function parseAudit(text: string): AuditRecord[] {
  const out: AuditRecord[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      out.push(JSON.parse(line) as AuditRecord);
    } catch {
      continue;
    }
  }

  return out;
}

/** The local history file, following XDG (`~/.local/state/cortex-ops/history.jsonl`). */
export function localHistoryFile(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_STATE_HOME || path.join(env.HOME || homedir(), '.local', 'state');
  return path.join(base, 'cortex-ops', 'history.jsonl');
}

/** Appends a line to the local history. */
export async function appendLocalHistory(line: string, file = localHistoryFile()):
  Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await appendFile(file, line, { mode: 0o600 });
}

/** Reads the local history (newest last). */
export async function readLocalHistory(file = localHistoryFile()): Promise<AuditRecord[]> {
  try {
    return parseAudit(await readFile(file, 'utf8'));
  } catch {
    return [];
  }
}
