/**
 * The incident snapshot: every collector's files and the doctor report, each passed through
 * the Redactor (the .env values of the workspace and the host, config secrets, secret
 * patterns), written as one tar.gz for the people who dig later.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { buildReport, reportLines } from '../runbooks/report.js';
import { runAll } from '../runbooks/runner.js';
import type { RunbookResult, TroubleshootContext } from '../runbooks/model.js';
import { COLLECTORS, type SnapshotPart } from './collect.js';
import { redactorFor } from './redactor.js';
import { tarGz } from './tar.js';

/** Options of a snapshot. */
export interface SnapshotOptions {
  signal: AbortSignal;
  /** The archive to write; default cortex-ops-snapshot-STAMP.tar.gz in the current folder. */
  output?: string;
  readonly?: boolean;
  /** A doctor run already made; otherwise one is run now. */
  results?: RunbookResult[];
}

/** The archive's default file name for a moment. */
export function snapshotName(at: Date): string {
  return `cortex-ops-snapshot-${at.toISOString().replace(/[:.]/g, '-')}.tar.gz`;
}

async function collectAll(ctx: TroubleshootContext, signal: AbortSignal) {
  const parts: SnapshotPart[] = [];
  const errors: string[] = [];
  for (const [what, collect] of COLLECTORS) {
    try {
      parts.push(...await collect(ctx, signal));
    } catch (err) {
      signal.throwIfAborted();
      errors.push(`${what}: ${(err as Error).message.split('\n')[0]}`);
    }
  }

  return { parts, errors };
}

/** Writes the snapshot; resolves with the archive's path. */
export async function writeSnapshot(
  ctx: TroubleshootContext, opts: SnapshotOptions,
): Promise<string> {
  const at = new Date();
  const { signal } = opts;
  const redactor = await redactorFor(ctx, signal);
  const { parts, errors } = await collectAll(ctx, signal);
  const results = opts.results ?? await runAll(ctx, signal, { fixes: false });
  const report = buildReport(results, { target: ctx.host.label, strict: false,
    readonly: opts.readonly ?? true });
  parts.push(
    { name: 'doctor.json', text: JSON.stringify(report, null, 2) + '\n' },
    { name: 'doctor.txt', text: reportLines(report).join('\n') + '\n' },
    { name: 'manifest.json', text: JSON.stringify({
      takenAt: at.toISOString(), target: ctx.host.label, environment: ctx.config.environment,
      files: parts.map((p) => p.name), errors,
    }, null, 2) + '\n' },
  );

  const dir = snapshotName(at).replace(/\.tar\.gz$/, '');
  const archive = tarGz(parts.map((p) => ({ name: `${dir}/${p.name}`,
    data: redactor.redact(p.text), mtime: at })));
  const file = path.resolve(opts.output ?? snapshotName(at));
  await writeFile(file, archive, { mode: 0o600 });
  return file;
}
